package dev.clipjvm.clip.data.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor: element type, shape and raw little-endian bytes in row-major order (often a
 * memory-mapped slice of a file; nothing is copied until a {@code to*} method is called).
 *
 * @param name tensor name
 * @param dtype element type
 * @param shape dimensions (empty for a scalar)
 * @param data exactly {@code size * dtype.bytes()} bytes
 */
public record TensorData(String name, DType dtype, long[] shape, ByteBuffer data) {

  /** Validates that the byte count matches the shape. */
  public TensorData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (data.remaining() != n * dtype.bytes()) {
      throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes for shape "
          + Arrays.toString(shape) + " of " + dtype + " (expected " + n * dtype.bytes() + ")");
    }
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A float32 tensor holding a copy of {@code values}. */
  public static TensorData ofFloats(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new TensorData(name, DType.F32, shape, b);
  }

  /** An int32 tensor holding a copy of {@code values}. */
  public static TensorData ofInts(String name, long[] shape, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new TensorData(name, DType.I32, shape, b);
  }

  /** An int64 tensor holding a copy of {@code values}. */
  public static TensorData ofLongs(String name, long[] shape, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new TensorData(name, DType.I64, shape, b);
  }

  /** The same data under another name. */
  public TensorData withName(String newName) {
    return new TensorData(newName, dtype, shape, data);
  }

  /** The shape (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A read-only little-endian view of the bytes, positioned at 0. */
  @Override
  public ByteBuffer data() {
    return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Number of elements. */
  public long size() {
    return data.remaining() / dtype.bytes();
  }

  /** Rank. */
  public int rank() {
    return shape.length;
  }

  /** Dimension {@code i}. */
  public long dim(int i) {
    return shape[i];
  }

  /** The values as float32 (exact for F32, F16, BF16; rounded for F64 and large integers). */
  public float[] toFloats() {
    float[] out = new float[Math.toIntExact(size())];
    ByteBuffer b = data();
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.f16ToFloat(b.getShort(2 * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
        }
      }
      case F64 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) b.getDouble(8 * i);
        }
      }
      default -> {
        long[] l = toLongs();
        for (int i = 0; i < out.length; i++) {
          out[i] = l[i];
        }
      }
    }
    return out;
  }

  /** The values of an integer tensor as longs. */
  public long[] toLongs() {
    long[] out = new long[Math.toIntExact(size())];
    ByteBuffer b = data();
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (dtype) {
        case I64 -> b.getLong(8 * i);
        case I32 -> b.getInt(4 * i);
        case I16 -> b.getShort(2 * i);
        case I8 -> b.get(i);
        case U8, BOOL -> b.get(i) & 0xff;
        default -> throw new IllegalStateException(name + ": " + dtype + " is not an integer type");
      };
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t && name.equals(t.name) && dtype == t.dtype
        && Arrays.equals(shape, t.shape) && data.equals(t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
