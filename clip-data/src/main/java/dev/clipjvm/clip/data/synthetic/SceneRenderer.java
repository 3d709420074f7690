package dev.clipjvm.clip.data.synthetic;

import java.util.SplittableRandom;

/**
 * Draws a {@link Scene} by pixel arithmetic (no AWT, so output is identical on every JVM):
 * background colour plus uniform per-pixel noise, then each object blended by its coverage of
 * the pixel, estimated from a 3 x 3 grid of sub-samples (anti-aliasing). Objects have a dark
 * outline (the outer {@value #OUTLINE} of their radius at a third of their brightness): it
 * makes the silhouette visible in a colour-independent way, which small image encoders pick up
 * much sooner than colour edges. A scene's {@link Scene.Style} may instead fill objects without
 * the outline or draw the outline alone (robustness shifts).
 */
public final class SceneRenderer {
  private static final int SUB = 3;
  static final double OUTLINE = 0.2;

  private SceneRenderer() {}

  /** Renders {@code scene} at {@code size x size} pixels; returns HWC RGB bytes. */
  public static byte[] render(Scene scene, int size) {
    return render(scene, size, 0);
  }

  /**
   * Renders {@code scene} on a {@code (size + 2 * margin) x size} canvas (width x height): the
   * scene's unit square fills the centred {@code size x size} square and the side margins
   * continue the noisy background (with {@code margin} 0, the square image). Random crops of the wider canvas
   * shift the scene, which is what a random square crop of a photograph does.
   */
  public static byte[] render(Scene scene, int size, int margin) {
    if (size < 8) {
      throw new IllegalArgumentException("image size " + size + " is below 8 pixels");
    }
    if (margin < 0) {
      throw new IllegalArgumentException("margin " + margin + " is negative");
    }
    int width = size + 2 * margin;
    byte[] out = new byte[width * size * 3];
    int[] bg = scene.background();
    SplittableRandom noise = new SplittableRandom(scene.noiseSeed());
    int amp = scene.noise();
    for (int y = 0; y < size; y++) {
      for (int cx = 0; cx < width; cx++) {
        int x = cx - margin;
        int o = (y * width + cx) * 3;
        double[] px = new double[3];
        for (int c = 0; c < 3; c++) {
          px[c] = bg[c] + (amp == 0 ? 0 : noise.nextInt(-amp, amp + 1));
        }
        for (SceneObject obj : scene.objects()) {
          double[] cover = coverage(obj, x, y, size);
          if (cover[0] > 0) {
            int[] rgb = obj.rgb();
            double body = cover[1];
            double line = cover[0] - cover[1];
            for (int c = 0; c < 3; c++) {
              px[c] = switch (scene.style()) {
                case OUTLINED -> (1 - cover[0]) * px[c] + body * rgb[c] + line * rgb[c] / 3.0;
                case FILLED -> (1 - cover[0]) * px[c] + cover[0] * rgb[c];
                case HOLLOW -> (1 - line) * px[c] + line * rgb[c];
              };
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

  /**
   * Fractions of pixel {@code (x, y)} covered by {@code obj}: {@code [0]} the whole shape,
   * {@code [1]} its body inside the outline.
   */
  private static double[] coverage(SceneObject obj, int x, int y, int size) {
    double r = obj.radius() * size;
    double cx = obj.x() * size;
    double cy = obj.y() * size;
    if (x + 1 < cx - r || x > cx + r || y + 1 < cy - r || y > cy + r) {
      return new double[2];
    }
    int inside = 0;
    int body = 0;
    double inner = 1 - OUTLINE;
    for (int sy = 0; sy < SUB; sy++) {
      for (int sx = 0; sx < SUB; sx++) {
        double u = (x + (sx + 0.5) / SUB - cx) / r;
        double v = (y + (sy + 0.5) / SUB - cy) / r;
        if (obj.shape().contains(u, v)) {
          inside++;
          if (obj.shape().contains(u / inner, v / inner)) {
            body++;
          }
        }
      }
    }
    return new double[] {inside / (double) (SUB * SUB), body / (double) (SUB * SUB)};
  }
}
