package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.model.Layout;
import dev.clipjvm.clip.tf.model.ParamSpec;
import dev.clipjvm.clip.tf.params.InitialValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Initial values read from the tensors of a {@link Checkpoint} (OpenAI names, already checked
 * against the architecture's manifest): converts F16/BF16 (and integer step counters) to float32
 * (F32 is copied as raw bytes), keeps PyTorch layouts (the graph transposes linear and
 * convolution weights at assignment, see {@link Layout}) and, when the graph runs at another
 * image resolution than the checkpoint, interpolates positional embeddings
 * ({@link PositionalResize}).
 */
public final class CheckpointValues implements InitialValues {
  /** Bytes per block when copying F32 values into tensors. */
  private static final int COPY_BLOCK = 1 << 20;

  private final String source;
  private final Map<String, TensorData> tensors;

  /** Values from {@code tensors} (OpenAI names), {@code source} naming them in messages. */
  CheckpointValues(String source, Map<String, TensorData> tensors) {
    this.source = source;
    this.tensors = new LinkedHashMap<>(tensors);
  }

  /** Values keep PyTorch layouts; the graph transposes them (see {@link InitialValues}). */
  @Override
  public boolean checkpointLayout() {
    return true;
  }

  @Override
  public TFloat32 value(ParamSpec spec) {
    TensorData t = tensors.get(spec.name());
    if (t == null && spec.name().endsWith(ManifestCheck.COUNTER_SUFFIX)) {
      return TFloat32.scalarOf(0f); // an optional counter: the checkpoint predates any step
    }
    if (t == null) {
      throw new CheckpointFormatException(source, "missing " + spec);
    }
    org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(spec.checkpointShape());
    if (PositionalResize.applies(spec, t)) {
      float[] v = PositionalResize.resize(t.toFloats(), t.shape(), spec.shape().asArray());
      return TFloat32.tensorOf(spec.shape(), DataBuffers.of(v, true, false));
    }
    if (t.dtype() == DType.F32) {
      return TFloat32.tensorOf(shape, dst -> copyBytes(t.data(), dst.asRawTensor().data()));
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(t.toFloats(), true, false));
  }

  /**
   * Copies {@code src} into a tensor's native bytes in 1 MiB blocks through a heap array: both
   * steps are bulk memory copies, where {@code DataBuffer.copyTo} from a memory-mapped buffer
   * falls back to one virtual call per byte (about 4x slower for ViT-B/32).
   */
  private static void copyBytes(java.nio.ByteBuffer src, ByteDataBuffer dst) {
    java.nio.ByteBuffer in = src.duplicate();
    byte[] block = new byte[Math.min(in.remaining(), COPY_BLOCK)];
    long offset = 0;
    while (in.hasRemaining()) {
      int n = Math.min(block.length, in.remaining());
      in.get(block, 0, n);
      dst.offset(offset).write(block, 0, n);
      offset += n;
    }
  }

  /** Transposes a row-major {@code [rows, cols]} matrix into {@code [cols, rows]}. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] out = new float[a.length];
    final int block = 64;
    for (int r0 = 0; r0 < rows; r0 += block) {
      for (int c0 = 0; c0 < cols; c0 += block) {
        int r1 = Math.min(rows, r0 + block);
        int c1 = Math.min(cols, c0 + block);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            out[c * rows + r] = a[r * cols + c];
          }
        }
      }
    }
    return out;
  }
}
