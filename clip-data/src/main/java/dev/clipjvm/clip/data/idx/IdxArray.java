package dev.clipjvm.clip.data.idx;

import java.util.Arrays;

/**
 * An unsigned-byte IDX array: its dimensions and row-major data.
 *
 * @param dims the dimensions, outermost first (e.g. {@code [60000, 28, 28]})
 * @param data the elements, row-major, {@code product(dims)} bytes holding values 0-255
 */
public record IdxArray(int[] dims, byte[] data) {

  /** Validates that the data length matches the dimensions. */
  public IdxArray {
    dims = dims.clone();
    long n = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("dimension " + d + " is negative");
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "dims " + Arrays.toString(dims) + " need " + n + " bytes, data holds " + data.length);
    }
  }

  /** The dimensions (a copy). */
  @Override
  public int[] dims() {
    return dims.clone();
  }

  /** Number of items along the outermost dimension. */
  public int count() {
    return dims.length == 0 ? 1 : dims[0];
  }

  /** Elements per item (the product of the inner dimensions). */
  public int itemSize() {
    int n = 1;
    for (int i = 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Element {@code i} as an unsigned value. */
  public int unsigned(int i) {
    return data[i] & 0xff;
  }
}
