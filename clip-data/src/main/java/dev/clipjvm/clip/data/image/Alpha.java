package dev.clipjvm.clip.data.image;

/**
 * Premultiplied alpha with Pillow's integer rounding, which its resize applies to images with an
 * alpha channel: colours are scaled by alpha before filtering and divided back after, so fully
 * transparent pixels come out black.
 */
final class Alpha {

  private Alpha() {}

  /** Colour samples times alpha / 255, rounded as Pillow's {@code MULDIV255}. */
  static Pixels premultiply(Pixels in) {
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += c) {
      int alpha = src[p + c - 1] & 0xFF;
      for (int ch = 0; ch < c - 1; ch++) {
        int tmp = (src[p + ch] & 0xFF) * alpha + 128;
        out[p + ch] = (byte) (((tmp >> 8) + tmp) >> 8);
      }
      out[p + c - 1] = (byte) alpha;
    }
    return new Pixels(in.width(), in.height(), c, false, out);
  }

  /** Colour samples times 255 / alpha (integer division, clipped); alpha 0 and 255 unchanged. */
  static Pixels unpremultiply(Pixels in) {
    int c = in.channels();
    byte[] data = in.data();
    for (int p = 0; p < data.length; p += c) {
      int alpha = data[p + c - 1] & 0xFF;
      if (alpha != 0 && alpha != 255) {
        for (int ch = 0; ch < c - 1; ch++) {
          data[p + ch] = (byte) Math.min(255, 255 * (data[p + ch] & 0xFF) / alpha);
        }
      }
    }
    return in;
  }
}
