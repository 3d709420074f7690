package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.model.ParamSpec;

/**
 * Interpolates a learned 2-D positional embedding ({@code [1 + g * g, width]}: a class or mean
 * token, then a {@code g x g} grid) to another grid, so a checkpoint runs at another image
 * resolution (for example 224 -> 336). The grid is resampled bicubically like PyTorch's
 * {@code F.interpolate(mode="bicubic", align_corners=False)} (cubic coefficient -0.75, borders
 * clamped), as open_clip's {@code resize_pos_embed} does; the first token is kept.
 */
public final class PositionalResize {
  private static final double A = -0.75;

  private PositionalResize() {}

  /** True if {@code spec} is an image positional embedding that {@code t} fills after resizing. */
  public static boolean applies(ParamSpec spec, TensorData t) {
    return applies(spec.name(), spec.shape().asArray(), t.shape());
  }

  /**
   * True if tensor {@code name} is an image positional embedding whose checkpoint shape
   * {@code have} resizes to {@code want}: same width, both {@code 1 + a square} rows.
   */
  static boolean applies(String name, long[] want, long[] have) {
    if (!name.equals("visual.positional_embedding")
        && !name.equals("visual.attnpool.positional_embedding")) {
      return false;
    }
    return have.length == 2 && want.length == 2 && have[1] == want[1] && have[0] != want[0]
        && grid(have[0]) > 0 && grid(want[0]) > 0;
  }

  /** Side of the square grid of a {@code 1 + g * g} token table, or -1. */
  static int grid(long tokens) {
    long g = Math.round(Math.sqrt(tokens - 1));
    return g > 0 && g * g + 1 == tokens ? (int) g : -1;
  }

  /** Resizes {@code v} shaped {@code have} to {@code want} (both {@code [1 + g * g, width]}). */
  public static float[] resize(float[] v, long[] have, long[] want) {
    int width = (int) have[1];
    int g1 = grid(have[0]);
    int g2 = grid(want[0]);
    float[] out = new float[(int) want[0] * width];
    System.arraycopy(v, 0, out, 0, width); // the class (or mean) token's embedding
    double[] rows = new double[g2 * g1 * width]; // resized along y: [g2, g1, width]
    for (int y = 0; y < g2; y++) {
      int[] idx = new int[4];
      double[] w = new double[4];
      taps(y, g1, g2, idx, w);
      for (int x = 0; x < g1; x++) {
        for (int c = 0; c < width; c++) {
          double s = 0;
          for (int k = 0; k < 4; k++) {
            s += w[k] * v[(1 + idx[k] * g1 + x) * width + c];
          }
          rows[(y * g1 + x) * width + c] = s;
        }
      }
    }
    for (int x = 0; x < g2; x++) {
      int[] idx = new int[4];
      double[] w = new double[4];
      taps(x, g1, g2, idx, w);
      for (int y = 0; y < g2; y++) {
        for (int c = 0; c < width; c++) {
          double s = 0;
          for (int k = 0; k < 4; k++) {
            s += w[k] * rows[(y * g1 + idx[k]) * width + c];
          }
          out[(1 + y * g2 + x) * width + c] = (float) s;
        }
      }
    }
    return out;
  }

  /** Source indices (clamped) and cubic weights of output position {@code o}. */
  private static void taps(int o, int in, int out, int[] idx, double[] w) {
    double real = (double) in / out * (o + 0.5) - 0.5;
    int base = (int) Math.floor(real);
    double t = real - base;
    w[0] = far(t + 1);
    w[1] = near(t);
    w[2] = near(1 - t);
    w[3] = far(2 - t);
    for (int k = 0; k < 4; k++) {
      idx[k] = Math.min(in - 1, Math.max(0, base - 1 + k));
    }
  }

  private static double near(double x) {
    return ((A + 2) * x - (A + 3)) * x * x + 1;
  }

  private static double far(double x) {
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  }
}
