package dev.clipjvm.clip.data.image;

/**
 * Resizes 8-bit images exactly as Pillow's {@code Image.resize(size, BICUBIC)}: a separable
 * bicubic kernel (a = -0.5) whose support widens by the downscale factor (antialiasing),
 * coefficients normalized per output pixel and converted to 22-bit fixed point, a horizontal pass
 * then a vertical pass, each rounding and clipping to 0..255; a pass is skipped when its size is
 * unchanged. Images with alpha are resized premultiplied, and palette images with nearest
 * sampling, as Pillow does.
 *
 * <p>Only the requested window of the output is computed, so resize-then-crop costs the crop.
 * When the JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code ./clip} launcher
 * and the tests do), both passes run on SIMD lanes ({@link SimdResampler}) with the same integer
 * arithmetic and identical results, several times faster; {@code -Dclip.simd=false} turns that
 * off.
 */
public final class BicubicResampler {

  static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double SUPPORT = 2.0;

  private BicubicResampler() {}

  /** True when the resize runs on the Vector API (see the class comment). */
  public static boolean simd() {
    return Simd.ENABLED;
  }

  /** The {@code outW x outH} resize of {@code in}. */
  public static Pixels resize(Pixels in, int outW, int outH) {
    return resize(in, outW, outH, Window.of(outW, outH));
  }

  /** The {@code window} part of the {@code outW x outH} resize of {@code in}. */
  public static Pixels resize(Pixels in, int outW, int outH, Window window) {
    return resize(in, outW, outH, window, true);
  }

  /** As {@link #resize(Pixels, int, int, Window)}; {@code simd} false forces the scalar passes. */
  static Pixels resize(Pixels in, int outW, int outH, Window window, boolean allowSimd) {
    boolean simd = allowSimd && Simd.ENABLED;
    if (outW <= 0 || outH <= 0 || !window.fitsIn(outW, outH)) {
      throw new IllegalArgumentException("cannot take " + window + " of a " + outW + "x" + outH
          + " resize");
    }
    if (in.indexed()) {
      return Nearest.resize(in, outW, outH, window);
    }
    if (outW == in.width() && outH == in.height()) {
      return in.crop(window.x(), window.y(), window.width(), window.height());
    }
    Pixels src = in.hasAlpha() ? Alpha.premultiply(in) : in;
    Coefficients horizontal = Coefficients.of(in.width(), outW);
    Coefficients vertical = Coefficients.of(in.height(), outH);
    int rowFirst = window.y();
    int rowEnd = window.y() + window.height();
    Pixels out;
    if (outW != in.width()) {
      int firstIn = outH != in.height() ? vertical.first(rowFirst) : rowFirst;
      int endIn = outH != in.height() ? vertical.end(rowEnd - 1) : rowEnd;
      Pixels rows = horizontalPass(src, horizontal, window.x(), window.width(), firstIn, endIn,
          simd);
      out = outH != in.height()
          ? verticalPass(rows, vertical, firstIn, rowFirst, window.height(), simd)
          : rows;
    } else {
      Pixels columns = src.crop(window.x(), 0, window.width(), src.height());
      out = verticalPass(columns, vertical, 0, rowFirst, window.height(), simd);
    }
    return in.hasAlpha() ? Alpha.unpremultiply(out) : out;
  }

  /**
   * The {@code window} part of the {@code outW x outH} resize of {@code in} as RGB planes, for
   * channels-first model inputs. The same pixels as {@link #resize(Pixels, int, int, Window)}
   * then {@link RgbPlanes#of}; on SIMD lanes an RGB image that is resized both ways is written
   * as planes directly, which spares the interleaving and lets normalization run contiguously.
   */
  public static RgbPlanes resizePlanes(Pixels in, int outW, int outH, Window window) {
    boolean direct = Simd.ENABLED && in.channels() == 3 && !in.indexed() && outW != in.width()
        && outH != in.height() && window.fitsIn(outW, outH);
    if (!direct) {
      return RgbPlanes.of(resize(in, outW, outH, window).toRgb());
    }
    Coefficients horizontal = Coefficients.of(in.width(), outW);
    Coefficients vertical = Coefficients.of(in.height(), outH);
    int w = window.width();
    int firstIn = vertical.first(window.y());
    int h = vertical.end(window.y() + window.height() - 1) - firstIn;
    byte[] rows = new byte[3 * w * h];
    SimdResampler.horizontalRgb(in.data(), in.width() * 3, horizontal, window.x(), w, firstIn, h,
        rows, true);
    int plane = w * window.height();
    byte[] out = new byte[3 * plane];
    for (int c = 0; c < 3; c++) {
      SimdResampler.vertical(rows, c * w * h, w, vertical, firstIn, window.y(), window.height(),
          out, c * plane);
    }
    return new RgbPlanes(w, window.height(), out);
  }

  /** Output columns {@code [x0, x0+w)} for input rows {@code [rowFirst, rowEnd)}. */
  private static Pixels horizontalPass(Pixels in, Coefficients k, int x0, int w, int rowFirst,
      int rowEnd, boolean simd) {
    int c = in.channels();
    int inRow = in.width() * c;
    byte[] src = in.data();
    int h = rowEnd - rowFirst;
    byte[] out = new byte[w * h * c];
    if (c == 3 && simd) {
      SimdResampler.horizontalRgb(src, inRow, k, x0, w, rowFirst, h, out, false);
    } else if (c == 3) {
      horizontalRgb(src, inRow, in.width(), k, x0, w, rowFirst, h, out);
    } else {
      horizontalAny(src, inRow, c, k, x0, w, rowFirst, 0, h, out);
    }
    return new Pixels(w, h, c, false, out);
  }

  /**
   * The horizontal pass for any channel count, output rows {@code [yStart, h)}: one weighted sum
   * per output sample.
   */
  private static void horizontalAny(byte[] src, int inRow, int c, Coefficients k, int x0, int w,
      int rowFirst, int yStart, int h, byte[] out) {
    int[] kk = k.weights;
    for (int y = yStart; y < h; y++) {
      int rowBase = (y + rowFirst) * inRow;
      int o = y * w * c;
      for (int xx = x0; xx < x0 + w; xx++) {
        int p = rowBase + k.bounds[xx * 2] * c;
        int n = k.bounds[xx * 2 + 1];
        int kb = xx * k.ksize;
        for (int ch = 0; ch < c; ch++) {
          int s = 1 << (PRECISION_BITS - 1);
          for (int t = 0; t < n; t++) {
            s += (src[p + t * c + ch] & 0xFF) * kk[kb + t];
          }
          out[o++] = clip8(s);
        }
      }
    }
  }

  /**
   * The horizontal pass for RGB, two rows at a time so each weight load serves both. Red and blue
   * share one 64-bit accumulator (blue in the high half): the products are exact integers whose
   * per-channel sums fit in 32 bits, so the low half is the red sum and the rest the blue sum,
   * and a tap costs two multiplications per row instead of three.
   */
  private static void horizontalRgb(byte[] src, int inRow, int width, Coefficients k, int x0,
      int w, int rowFirst, int h, byte[] out) {
    int[] kk = k.weights;
    int ksize = k.ksize;
    int from = k.bounds[x0 * 2];
    int to = k.bounds[(x0 + w - 1) * 2] + k.bounds[(x0 + w - 1) * 2 + 1];
    long[] rb0 = new long[width];
    int[] g0 = new int[width];
    long[] rb1 = new long[width];
    int[] g1 = new int[width];
    int half = 1 << (PRECISION_BITS - 1);
    long halfRb = half | ((long) half << 32);
    int[] bounds = k.bounds;
    int y = 0;
    for (; y + 1 < h; y += 2) {
      int base0 = (y + rowFirst) * inRow;
      int base1 = base0 + inRow;
      for (int x = from; x < to; x++) {
        int p = base0 + x * 3;
        rb0[x] = (src[p] & 0xFF) | ((long) (src[p + 2] & 0xFF) << 32);
        g0[x] = src[p + 1] & 0xFF;
        int q = base1 + x * 3;
        rb1[x] = (src[q] & 0xFF) | ((long) (src[q + 2] & 0xFF) << 32);
        g1[x] = src[q + 1] & 0xFF;
      }
      int o0 = y * w * 3;
      int o1 = o0 + w * 3;
      for (int xx = x0; xx < x0 + w; xx++) {
        int xmin = bounds[xx * 2];
        int n = bounds[xx * 2 + 1];
        int kb = xx * ksize;
        long a0 = halfRb;
        long a1 = halfRb;
        int ga = half;
        int gb = half;
        for (int t = 0; t < n; t++) {
          int wt = kk[kb + t];
          a0 += rb0[xmin + t] * wt;
          ga += g0[xmin + t] * wt;
          a1 += rb1[xmin + t] * wt;
          gb += g1[xmin + t] * wt;
        }
        int r0 = (int) a0;
        out[o0++] = clip8(r0);
        out[o0++] = clip8(ga);
        out[o0++] = clip8((int) ((a0 - r0) >> 32));
        int r1 = (int) a1;
        out[o1++] = clip8(r1);
        out[o1++] = clip8(gb);
        out[o1++] = clip8((int) ((a1 - r1) >> 32));
      }
    }
    // An odd last row.
    horizontalAny(src, inRow, 3, k, x0, w, rowFirst, y, h, out);
  }

  /** Output rows {@code [y0, y0+h)}; {@code in} holds input rows from {@code inFirst}. */
  private static Pixels verticalPass(Pixels in, Coefficients k, int inFirst, int y0, int h,
      boolean simd) {
    int c = in.channels();
    int rowLen = in.width() * c;
    byte[] src = in.data();
    byte[] out = new byte[rowLen * h];
    if (simd) {
      SimdResampler.vertical(src, 0, rowLen, k, inFirst, y0, h, out, 0);
      return new Pixels(in.width(), h, c, false, out);
    }
    int[] kk = k.weights;
    int[] acc = new int[rowLen];
    for (int yy = y0; yy < y0 + h; yy++) {
      int ymin = k.bounds[yy * 2] - inFirst;
      int n = k.bounds[yy * 2 + 1];
      int kb = yy * k.ksize;
      java.util.Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
      for (int t = 0; t < n; t++) {
        int wt = kk[kb + t];
        int base = (ymin + t) * rowLen;
        for (int i = 0; i < rowLen; i++) {
          acc[i] += (src[base + i] & 0xFF) * wt;
        }
      }
      int o = (yy - y0) * rowLen;
      for (int i = 0; i < rowLen; i++) {
        out[o + i] = clip8(acc[i]);
      }
    }
    return new Pixels(in.width(), h, c, false, out);
  }

  static byte clip8(int s) {
    int v = s >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Pillow's bicubic kernel with a = -0.5, written in the same operation order. */
  static double bicubic(double x) {
    double a = -0.5;
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
  }

  /** Per-output-pixel source bounds and fixed-point weights for one axis. */
  static final class Coefficients {
    final int ksize;
    final int[] bounds;
    final int[] weights;

    private Coefficients(int ksize, int[] bounds, int[] weights) {
      this.ksize = ksize;
      this.bounds = bounds;
      this.weights = weights;
    }

    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[outSize * 2];
      int[] weights = new int[outSize * ksize];
      double[] k = new double[ksize];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; x++) {
          double w = bicubic((x + xmin - center + 0.5) * ss);
          k[x] = w;
          ww += w;
        }
        for (int x = 0; x < xmax; x++) {
          double v = ww != 0.0 ? k[x] / ww : k[x];
          weights[xx * ksize + x] = v < 0
              ? (int) (-0.5 + v * (1 << PRECISION_BITS))
              : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
      }
      return new Coefficients(ksize, bounds, weights);
    }

    /** First source index used by output {@code i}. */
    int first(int i) {
      return bounds[i * 2];
    }

    /** One past the last source index used by output {@code i}. */
    int end(int i) {
      return bounds[i * 2] + bounds[i * 2 + 1];
    }
  }
}
