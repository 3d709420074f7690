package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor as PyTorch pickles it: a strided view ({@code offset}, {@code size}, {@code stride}, in
 * elements) into a storage. {@link #of} checks the view against its storage before anything is
 * read (no negative strides or offsets, every element inside the storage, sizes that do not
 * overflow); {@link #toTensor} gives the elements in row-major order, copying only views that are
 * not already contiguous and charging each copy to the file's allocation budget.
 */
record TorchView(TorchStorages.Storage storage, long offset, long[] size, long[] stride) {

  /** The view {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)} describes. */
  static TorchView of(String src, Object storage, Object offset, Object size, Object stride) {
    if (!(storage instanceof TorchStorages.Storage s) || !(offset instanceof Long off)) {
      throw new CheckpointFormatException(src, "_rebuild_tensor_v2 needs a storage and an offset,"
          + " got " + Pickled.describe(storage) + " and " + Pickled.describe(offset));
    }
    long[] sz = longs(src, "size", size);
    long[] st = longs(src, "stride", stride);
    if (sz.length != st.length) {
      throw new CheckpointFormatException(src, "tensor view with " + sz.length + " sizes but "
          + st.length + " strides");
    }
    long last = off; // index of the view's last element
    long n = 1;
    for (int i = 0; i < sz.length; i++) {
      if (sz[i] < 0 || st[i] < 0) {
        throw new CheckpointFormatException(src, "tensor view with size " + Arrays.toString(sz)
            + " and stride " + Arrays.toString(st) + ": negative sizes and strides are invalid");
      }
      n = saturatedProduct(n, sz[i]);
      if (n == Long.MAX_VALUE) {
        throw new CheckpointFormatException(src, "tensor view of size " + Arrays.toString(sz)
            + " has more than 2^63 elements");
      }
      if (sz[i] > 0) {
        last = saturatedSum(last, saturatedProduct(sz[i] - 1, st[i]));
      }
    }
    if (off < 0 || (n > 0 && last >= s.elements())) {
      throw new CheckpointFormatException(src, "tensor view (offset " + off + ", size "
          + Arrays.toString(sz) + ", stride " + Arrays.toString(st) + ") runs past its storage of "
          + s.elements() + " elements");
    }
    return new TorchView(s, off, sz, st);
  }

  /** The view's elements in row-major order under {@code name}. */
  TensorData toTensor(String name, TorchStorages budget) {
    int es = storage.dtype().bytes();
    long n = 1;
    boolean rowMajor = true;
    for (int i = size.length - 1; i >= 0; i--) {
      if (size[i] != 1 && stride[i] != n) {
        rowMajor = false;
      }
      n *= size[i]; // no overflow: of() checked the product
    }
    ByteBuffer bytes = storage.bytes();
    if (n == 0) {
      return new TensorData(name, storage.dtype(), size, ByteBuffer.allocate(0));
    }
    if (rowMajor) {
      // inside the storage (checked by of()), so it fits the storage's int-sized buffer
      ByteBuffer b = bytes.duplicate()
          .position((int) (offset * es))
          .limit((int) ((offset + n) * es));
      return new TensorData(name, storage.dtype(), size, b.slice());
    }
    budget.charge("tensor " + name, n * es); // before the 2 GiB check: it names the cause
    if (n > (Integer.MAX_VALUE - 8) / es) {
      throw new CheckpointFormatException(budget.source(), name + ": a view of " + n
          + " elements is larger than the 2 GiB a buffer holds");
    }
    ByteBuffer out = ByteBuffer.allocate((int) (n * es));
    long[] idx = new long[size.length];
    long at = offset;
    for (long k = 0; k < n; k++) {
      for (int b = 0; b < es; b++) {
        out.put(bytes.get((int) (at * es + b)));
      }
      for (int i = idx.length - 1; i >= 0; i--) { // odometer step, keeping `at` in sync
        at += stride[i];
        if (++idx[i] < size[i]) {
          break;
        }
        at -= idx[i] * stride[i];
        idx[i] = 0;
      }
    }
    return new TensorData(name, storage.dtype(), size, out.flip());
  }

  /** {@code a * b} for non-negative operands, or {@code Long.MAX_VALUE} when it overflows. */
  private static long saturatedProduct(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code a + b} for non-negative operands, or {@code Long.MAX_VALUE} when it overflows. */
  private static long saturatedSum(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long[] longs(String src, String what, Object o) {
    if (!(o instanceof List<?> l) || l.size() > PickleLimits.MAX_DIMS) {
      throw new CheckpointFormatException(src, "tensor " + what + " is " + Pickled.describe(o)
          + ", not a tuple of at most " + PickleLimits.MAX_DIMS + " integers");
    }
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Long v)) {
        throw new CheckpointFormatException(src, "tensor " + what + " holds "
            + Pickled.describe(l.get(i)) + ", not an integer");
      }
      out[i] = v;
    }
    return out;
  }
}
