package dev.clipjvm.clip.data.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Transposes between eight byte rows and "columns" of eight bytes (sample {@code s} of row
 * {@code r} at {@code s * 8 + r}), eight by eight bytes at a time in registers: each row segment
 * is read as one little-endian long and the 8 x 8 byte matrix is transposed with three rounds of
 * masked shifts (swap 4 x 4 blocks, then 2 x 2, then single bytes), about eight times fewer
 * memory operations than moving byte by byte.
 */
final class ByteTranspose {

  /** Rows per block, and bytes per column. */
  static final int SIZE = 8;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteTranspose() {}

  /**
   * Samples {@code [0, count)} of the eight rows starting at {@code rows[r]} in {@code src} into
   * {@code columns} from {@code at}: sample {@code s} of row {@code r} goes to
   * {@code at + s * 8 + r}.
   */
  static void rowsToColumns(byte[] src, int[] rows, int count, byte[] columns, int at) {
    int r0 = rows[0];
    int r1 = rows[1];
    int r2 = rows[2];
    int r3 = rows[3];
    int r4 = rows[4];
    int r5 = rows[5];
    int r6 = rows[6];
    int r7 = rows[7];
    int s = 0;
    for (; s + SIZE <= count; s += SIZE) {
      transpose(get(src, r0 + s), get(src, r1 + s), get(src, r2 + s), get(src, r3 + s),
          get(src, r4 + s), get(src, r5 + s), get(src, r6 + s), get(src, r7 + s),
          columns, at + s * SIZE, SIZE);
    }
    for (; s < count; s++) {
      for (int r = 0; r < SIZE; r++) {
        columns[at + s * SIZE + r] = src[rows[r] + s];
      }
    }
  }

  /**
   * The inverse: {@code count} columns of eight bytes from {@code columns[at]} into the eight rows
   * starting at {@code rows[r]} in {@code out}; {@code rows} must be equally spaced.
   */
  static void columnsToRows(byte[] columns, int at, int count, byte[] out, int[] rows) {
    int stride = rows[1] - rows[0];
    int s = 0;
    for (; s + SIZE <= count; s += SIZE) {
      int c = at + s * SIZE;
      transpose(get(columns, c), get(columns, c + 8), get(columns, c + 16),
          get(columns, c + 24), get(columns, c + 32), get(columns, c + 40), get(columns, c + 48),
          get(columns, c + 56), out, rows[0] + s, stride);
    }
    for (; s < count; s++) {
      for (int r = 0; r < SIZE; r++) {
        out[rows[r] + s] = columns[at + s * SIZE + r];
      }
    }
  }

  private static long get(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /**
   * Writes the transpose of the 8 x 8 byte matrix whose row {@code r} is {@code mr} (byte k =
   * column k) as eight longs to {@code out} at {@code at}, {@code at + stride}, ...; kept in
   * locals so the JIT holds the matrix in registers.
   */
  private static void transpose(long m0, long m1, long m2, long m3, long m4, long m5, long m6,
      long m7, byte[] out, int at, int stride) {
    // Swap the off-diagonal 4 x 4 blocks.
    long a0 = (m0 & LOW32) | (m4 << 32);
    long a4 = (m0 >>> 32) | (m4 & HIGH32);
    long a1 = (m1 & LOW32) | (m5 << 32);
    long a5 = (m1 >>> 32) | (m5 & HIGH32);
    long a2 = (m2 & LOW32) | (m6 << 32);
    long a6 = (m2 >>> 32) | (m6 & HIGH32);
    long a3 = (m3 & LOW32) | (m7 << 32);
    long a7 = (m3 >>> 32) | (m7 & HIGH32);
    // Then the 2 x 2 blocks of 16-bit pairs within each.
    long b0 = (a0 & LOW16) | ((a2 & LOW16) << 16);
    long b2 = ((a0 >>> 16) & LOW16) | (a2 & HIGH16);
    long b1 = (a1 & LOW16) | ((a3 & LOW16) << 16);
    long b3 = ((a1 >>> 16) & LOW16) | (a3 & HIGH16);
    long b4 = (a4 & LOW16) | ((a6 & LOW16) << 16);
    long b6 = ((a4 >>> 16) & LOW16) | (a6 & HIGH16);
    long b5 = (a5 & LOW16) | ((a7 & LOW16) << 16);
    long b7 = ((a5 >>> 16) & LOW16) | (a7 & HIGH16);
    // Then single bytes.
    LONGS.set(out, at, (b0 & LOW8) | ((b1 & LOW8) << 8));
    LONGS.set(out, at + stride, ((b0 >>> 8) & LOW8) | (b1 & HIGH8));
    LONGS.set(out, at + 2 * stride, (b2 & LOW8) | ((b3 & LOW8) << 8));
    LONGS.set(out, at + 3 * stride, ((b2 >>> 8) & LOW8) | (b3 & HIGH8));
    LONGS.set(out, at + 4 * stride, (b4 & LOW8) | ((b5 & LOW8) << 8));
    LONGS.set(out, at + 5 * stride, ((b4 >>> 8) & LOW8) | (b5 & HIGH8));
    LONGS.set(out, at + 6 * stride, (b6 & LOW8) | ((b7 & LOW8) << 8));
    LONGS.set(out, at + 7 * stride, ((b6 >>> 8) & LOW8) | (b7 & HIGH8));
  }

  private static final long LOW32 = 0x00000000FFFFFFFFL;
  private static final long HIGH32 = 0xFFFFFFFF00000000L;
  private static final long LOW16 = 0x0000FFFF0000FFFFL;
  private static final long HIGH16 = 0xFFFF0000FFFF0000L;
  private static final long LOW8 = 0x00FF00FF00FF00FFL;
  private static final long HIGH8 = 0xFF00FF00FF00FF00L;
}
