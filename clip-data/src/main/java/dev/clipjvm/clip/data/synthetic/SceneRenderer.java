package dev.clipjvm.clip.data.synthetic;

import java.util.SplittableRandom;

/**
 * Draws a {@link Scene} by pixel arithmetic (no AWT, so output is identical on every JVM):
 * background colour plus uniform per-pixel noise, then each object blended by its coverage of
 * the pixel, estimated from a 3 x 3 grid of sub-samples (anti-aliasing).
 */
public final class SceneRenderer {
  private static final int SUB = 3;

  private SceneRenderer() {}

  /** Renders {@code scene} at {@code size x size} pixels; returns HWC RGB bytes. */
  public static byte[] render(Scene scene, int size) {
    if (size < 8) {
      throw new IllegalArgumentException("image size " + size + " is below 8 pixels");
    }
    byte[] out = new byte[size * size * 3];
    int[] bg = scene.background();
    SplittableRandom noise = new SplittableRandom(scene.noiseSeed());
    int amp = scene.noise();
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int o = (y * size + x) * 3;
        double[] px = new double[3];
        for (int c = 0; c < 3; c++) {
          px[c] = bg[c] + (amp == 0 ? 0 : noise.nextInt(-amp, amp + 1));
        }
        for (SceneObject obj : scene.objects()) {
          double cover = coverage(obj, x, y, size);
          if (cover > 0) {
            int[] rgb = obj.rgb();
            for (int c = 0; c < 3; c++) {
              px[c] = (1 - cover) * px[c] + cover * rgb[c];
            }
          }
        }
        for (int c = 0; c < 3; c++) {
          out[o + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(px[c])));
        }
      }
    }
    return out;
  }

  /** Fraction of pixel {@code (x, y)} covered by {@code obj}. */
  private static double coverage(SceneObject obj, int x, int y, int size) {
    double r = obj.radius() * size;
    double cx = obj.x() * size;
    double cy = obj.y() * size;
    if (x + 1 < cx - r || x > cx + r || y + 1 < cy - r || y > cy + r) {
      return 0;
    }
    int inside = 0;
    for (int sy = 0; sy < SUB; sy++) {
      for (int sx = 0; sx < SUB; sx++) {
        double u = (x + (sx + 0.5) / SUB - cx) / r;
        double v = (y + (sy + 0.5) / SUB - cy) / r;
        if (obj.shape().contains(u, v)) {
          inside++;
        }
      }
    }
    return inside / (double) (SUB * SUB);
  }
}
