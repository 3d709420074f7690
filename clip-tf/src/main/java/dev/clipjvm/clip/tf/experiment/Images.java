package dev.clipjvm.clip.tf.experiment;

/** Bilinear resizing of HWC RGB bytes, for data whose native size differs from the model's. */
final class Images {
  private Images() {}

  /** {@code rgb} ({@code height x width}) resized to {@code side x side}; same array if equal. */
  static byte[] resize(byte[] rgb, int height, int width, int side) {
    if (height == side && width == side) {
      return rgb;
    }
    byte[] out = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      double sy = Math.max(0, (y + 0.5) * height / side - 0.5);
      int y0 = Math.min((int) sy, height - 1);
      int y1 = Math.min(y0 + 1, height - 1);
      double fy = sy - y0;
      for (int x = 0; x < side; x++) {
        double sx = Math.max(0, (x + 0.5) * width / side - 0.5);
        int x0 = Math.min((int) sx, width - 1);
        int x1 = Math.min(x0 + 1, width - 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double v = (1 - fy) * ((1 - fx) * at(rgb, width, y0, x0, c) + fx * at(rgb, width, y0, x1, c))
              + fy * ((1 - fx) * at(rgb, width, y1, x0, c) + fx * at(rgb, width, y1, x1, c));
          out[(y * side + x) * 3 + c] = (byte) Math.round(v);
        }
      }
    }
    return out;
  }

  private static int at(byte[] rgb, int width, int y, int x, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xff;
  }
}
