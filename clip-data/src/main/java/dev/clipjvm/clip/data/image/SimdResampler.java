package dev.clipjvm.clip.data.image;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two passes of {@link BicubicResampler} on SIMD lanes (the JDK's incubating Vector API), with
 * the same integer arithmetic, so the pixels are bit-identical to the scalar passes and Pillow's.
 *
 * <p>The vertical pass is naturally vector-shaped: an output row is a weighted sum of whole input
 * rows, so the lanes run along the row. The horizontal pass weights neighbouring pixels of one
 * row, which differ per output pixel; there the lanes run across rows instead: a block of eight
 * rows is transposed ({@link ByteTranspose}) so that one sample column of the block is one
 * vector, every output column is then a weighted sum of input-column vectors, and the result is
 * transposed back.
 *
 * <p>Only loaded when {@link #usable()} says the module is present (the JVM runs with
 * {@code --add-modules jdk.incubator.vector}); otherwise {@link BicubicResampler} stays scalar.
 */
final class SimdResampler {

  /** Eight int lanes (AVX2): the horizontal pass transposes blocks of eight rows. */
  private static final VectorSpecies<Integer> INT = IntVector.SPECIES_256;
  private static final int L = ByteTranspose.SIZE;
  /** Eight bytes, which widen to one int vector. */
  private static final VectorSpecies<Byte> BYTE = ByteVector.SPECIES_64;
  private static final int BITS = BicubicResampler.PRECISION_BITS;
  private static final int HALF = 1 << (BITS - 1);

  private SimdResampler() {}

  /**
   * True when the hardware has 256-bit int vectors (AVX2 or wider); with narrower ones the API
   * would emulate them, slower than the scalar code.
   */
  static boolean usable() {
    return IntVector.SPECIES_PREFERRED.vectorBitSize() >= INT.vectorBitSize();
  }

  /**
   * Output rows {@code [y0, y0+h)} of the vertical pass into {@code out} from {@code outAt};
   * {@code src} holds {@code rowLen}-sample rows from {@code srcAt}, starting at input row
   * {@code inFirst}.
   */
  static void vertical(byte[] src, int srcAt, int rowLen, BicubicResampler.Coefficients k,
      int inFirst, int y0, int h, byte[] out, int outAt) {
    int[] bounds = k.bounds;
    int[] weights = k.weights;
    int vectorEnd = rowLen - rowLen % L;
    for (int yy = y0; yy < y0 + h; yy++) {
      int first = srcAt + (bounds[yy * 2] - inFirst) * rowLen;
      int n = bounds[yy * 2 + 1];
      int kb = yy * k.ksize;
      int o = outAt + (yy - y0) * rowLen;
      int i = 0;
      for (; i < vectorEnd; i += L) {
        IntVector acc = IntVector.broadcast(INT, HALF);
        for (int t = 0, p = first + i; t < n; t++, p += rowLen) {
          acc = acc.add(widen(src, p).mul(weights[kb + t]));
        }
        narrow(acc).intoArray(out, o + i);
      }
      for (; i < rowLen; i++) {
        int s = HALF;
        for (int t = 0, p = first + i; t < n; t++, p += rowLen) {
          s += (src[p] & 0xFF) * weights[kb + t];
        }
        out[o + i] = BicubicResampler.clip8(s);
      }
    }
  }

  /**
   * The horizontal pass of RGB rows {@code [rowFirst, rowFirst + h)} for output columns
   * {@code [x0, x0 + w)}, into {@code out}: interleaved (row {@code y} at {@code y * w * 3}) or,
   * when {@code planar}, as three planes (channel {@code c}, row {@code y} at
   * {@code (c * h + y) * w}).
   */
  static void horizontalRgb(byte[] src, int inRow, BicubicResampler.Coefficients k, int x0, int w,
      int rowFirst, int h, byte[] out, boolean planar) {
    int[] bounds = k.bounds;
    int[] weights = k.weights;
    int from = bounds[x0 * 2] * 3;
    int to = (bounds[(x0 + w - 1) * 2] + bounds[(x0 + w - 1) * 2 + 1]) * 3;
    int outRow = w * 3;
    // Input samples of a block, sample s (= column*3 + channel) of row r at s*8+r, so one sample
    // of the eight rows is one vector; the results are laid out the same way.
    byte[] columns = new byte[(to - from) * L];
    // The same columns widened to ints once, as each is read by several output columns.
    int[] wide = new int[(to - from) * L];
    byte[] results = new byte[outRow * L];
    int[] offsets = new int[L];
    // A last block of fewer than eight rows repeats its last row and keeps only the real ones.
    byte[] partial = h % L == 0 ? null : new byte[L * outRow];
    for (int y0 = 0; y0 < h; y0 += L) {
      int rows = Math.min(L, h - y0);
      for (int r = 0; r < L; r++) {
        offsets[r] = (rowFirst + y0 + Math.min(r, rows - 1)) * inRow + from;
      }
      ByteTranspose.rowsToColumns(src, offsets, to - from, columns, 0);
      for (int q = 0; q < wide.length; q += L) {
        widen(columns, q).intoArray(wide, q);
      }
      for (int xx = 0; xx < w; xx++) {
        int n = bounds[(x0 + xx) * 2 + 1];
        int kb = (x0 + xx) * k.ksize;
        IntVector red = IntVector.broadcast(INT, HALF);
        IntVector green = red;
        IntVector blue = red;
        for (int t = 0, q = (bounds[(x0 + xx) * 2] * 3 - from) * L; t < n; t++, q += 3 * L) {
          int wt = weights[kb + t];
          red = red.add(IntVector.fromArray(INT, wide, q).mul(wt));
          green = green.add(IntVector.fromArray(INT, wide, q + L).mul(wt));
          blue = blue.add(IntVector.fromArray(INT, wide, q + 2 * L).mul(wt));
        }
        // Sample order in the block: interleaved (column, channel) or planar (channel, column).
        int j = planar ? xx * L : xx * 3 * L;
        int channelStep = planar ? w * L : L;
        narrow(red).intoArray(results, j);
        narrow(green).intoArray(results, j + channelStep);
        narrow(blue).intoArray(results, j + 2 * channelStep);
      }
      if (rows == L) {
        writeRows(results, w, h, y0, planar, out, offsets);
      } else {
        // Through a block of exactly eight rows: interleaved rows, or [channel][row][column].
        writeRows(results, w, L, 0, planar, partial, offsets);
        for (int c = 0; c < (planar ? 3 : 1); c++) {
          int len = planar ? w : outRow;
          for (int r = 0; r < rows; r++) {
            System.arraycopy(partial, (c * L + r) * len, out,
                planar ? (c * h + y0 + r) * w : (y0 + r) * outRow, len);
          }
        }
      }
    }
  }

  /**
   * Transposes a block's results (eight rows from {@code y0}) into {@code out}, whose rows are
   * {@code w} RGB pixels interleaved, or planes of {@code h} rows of {@code w} samples;
   * {@code offsets} is scratch space for eight row starts.
   */
  private static void writeRows(byte[] results, int w, int h, int y0, boolean planar,
      byte[] out, int[] offsets) {
    if (planar) {
      for (int c = 0; c < 3; c++) {
        for (int r = 0; r < L; r++) {
          offsets[r] = (c * h + y0 + r) * w;
        }
        ByteTranspose.columnsToRows(results, c * w * L, w, out, offsets);
      }
    } else {
      for (int r = 0; r < L; r++) {
        offsets[r] = (y0 + r) * w * 3;
      }
      ByteTranspose.columnsToRows(results, 0, w * 3, out, offsets);
    }
  }

  /** {@code L} unsigned bytes from {@code src[p]} as ints. */
  private static IntVector widen(byte[] src, int p) {
    return ((IntVector) ByteVector.fromArray(BYTE, src, p)
        .convertShape(VectorOperators.B2I, INT, 0)).and(0xFF);
  }

  /** The fixed-point sums shifted down and clipped to 0..255, as bytes. */
  private static ByteVector narrow(IntVector acc) {
    return (ByteVector) acc.lanewise(VectorOperators.ASHR, BITS).max(0).min(255)
        .convertShape(VectorOperators.I2B, BYTE, 0);
  }
}
