package dev.clipjvm.clip.data.image;

/**
 * Nearest-neighbour resizing as Pillow's affine transform samples it (pixel centres, source
 * coordinate accumulated in double precision and truncated), used for palette images.
 */
final class Nearest {

  private Nearest() {}

  static Pixels resize(Pixels in, int outW, int outH, Window window) {
    int[] xs = sources(in.width(), outW);
    int[] ys = sources(in.height(), outH);
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[window.width() * window.height() * c];
    int o = 0;
    for (int y = window.y(); y < window.y() + window.height(); y++) {
      int row = ys[y] * in.width();
      for (int x = window.x(); x < window.x() + window.width(); x++) {
        System.arraycopy(src, (row + xs[x]) * c, out, o, c);
        o += c;
      }
    }
    return new Pixels(window.width(), window.height(), c, in.indexed(), out);
  }

  private static int[] sources(int inSize, int outSize) {
    double step = (double) inSize / outSize;
    double pos = step * 0.5;
    int[] idx = new int[outSize];
    for (int i = 0; i < outSize; i++) {
      idx[i] = Math.min(Math.max((int) pos, 0), inSize - 1);
      pos += step;
    }
    return idx;
  }
}
