package dev.clipjvm.clip.data.image;

import java.util.Objects;

/**
 * An 8-bit image, rows top to bottom, channels interleaved: 1 (gray), 2 (gray and alpha), 3 (RGB)
 * or 4 (RGBA).
 *
 * @param width columns, positive
 * @param height rows, positive
 * @param channels samples per pixel, 1..4
 * @param indexed true when decoded from a palette or bilevel image, which the reference resizes
 *     with nearest-neighbour sampling (Pillow never interpolates palette indices)
 * @param data {@code width * height * channels} samples; shared, not copied
 */
public record Pixels(int width, int height, int channels, boolean indexed, byte[] data) {

  /** Validates the dimensions against the sample count. */
  public Pixels {
    Objects.requireNonNull(data, "data");
    if (width <= 0 || height <= 0 || channels < 1 || channels > 4) {
      throw new IllegalArgumentException("invalid image geometry " + width + "x" + height + "x"
          + channels + " (need positive sizes and 1..4 channels)");
    }
    if ((long) width * height * channels != data.length) {
      throw new IllegalArgumentException("image " + width + "x" + height + "x" + channels
          + " needs " + (long) width * height * channels + " samples, got " + data.length);
    }
  }

  /** A directly sampled (not indexed) RGB image. */
  public static Pixels rgb(int width, int height, byte[] data) {
    return new Pixels(width, height, 3, false, data);
  }

  /** True when the last channel is alpha. */
  public boolean hasAlpha() {
    return channels == 2 || channels == 4;
  }

  /** Sample of channel {@code c} at column {@code x}, row {@code y}, 0..255. */
  public int sample(int x, int y, int c) {
    return data[(y * width + x) * channels + c] & 0xFF;
  }

  /**
   * The RGB image with alpha dropped (not blended) and gray replicated, as Pillow's
   * {@code convert("RGB")}; returns this image when it is already RGB.
   */
  public Pixels toRgb() {
    if (channels == 3) {
      return this;
    }
    int n = width * height;
    byte[] out = new byte[n * 3];
    for (int i = 0; i < n; i++) {
      int src = i * channels;
      if (channels <= 2) {
        byte g = data[src];
        out[i * 3] = g;
        out[i * 3 + 1] = g;
        out[i * 3 + 2] = g;
      } else {
        out[i * 3] = data[src];
        out[i * 3 + 1] = data[src + 1];
        out[i * 3 + 2] = data[src + 2];
      }
    }
    return new Pixels(width, height, 3, false, out);
  }

  /** The sub-image at {@code (x, y)} of size {@code w x h}; the region must lie inside. */
  public Pixels crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x + ", " + y
          + ") is outside the " + width + "x" + height + " image");
    }
    if (x == 0 && y == 0 && w == width && h == height) {
      return this;
    }
    byte[] out = new byte[w * h * channels];
    for (int row = 0; row < h; row++) {
      System.arraycopy(data, ((y + row) * width + x) * channels, out, row * w * channels,
          w * channels);
    }
    return new Pixels(w, h, channels, indexed, out);
  }

  /**
   * This image placed at {@code (x, y)} on a {@code w x h} canvas of zeros (black, transparent);
   * parts falling outside the canvas are cut.
   */
  public Pixels place(int w, int h, int x, int y) {
    byte[] out = new byte[w * h * channels];
    for (int row = Math.max(0, -y); row < height && row + y < h; row++) {
      int from = Math.max(0, -x);
      int to = Math.min(width, w - x);
      if (to > from) {
        System.arraycopy(data, (row * width + from) * channels, out,
            ((row + y) * w + from + x) * channels, (to - from) * channels);
      }
    }
    return new Pixels(w, h, channels, indexed, out);
  }
}
