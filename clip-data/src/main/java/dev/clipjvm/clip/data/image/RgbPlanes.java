package dev.clipjvm.clip.data.image;

import java.util.Objects;

/**
 * An 8-bit RGB image stored channels first: the red plane, then green, then blue, each
 * {@code width * height} samples in rows top to bottom. This is the layout channels-first model
 * inputs take, so normalizing it is one contiguous pass per channel.
 *
 * @param width columns, positive
 * @param height rows, positive
 * @param data {@code 3 * width * height} samples; shared, not copied
 */
public record RgbPlanes(int width, int height, byte[] data) {

  /** Validates the dimensions against the sample count. */
  public RgbPlanes {
    Objects.requireNonNull(data, "data");
    if (width <= 0 || height <= 0 || 3L * width * height != data.length) {
      throw new IllegalArgumentException("RGB planes " + width + "x" + height + " need "
          + 3L * Math.max(width, 0) * Math.max(height, 0) + " samples, got " + data.length);
    }
  }

  /** The planes of {@code image} (converted to RGB as {@link Pixels#toRgb()} does). */
  public static RgbPlanes of(Pixels image) {
    Pixels rgb = image.toRgb();
    byte[] in = rgb.data();
    int n = rgb.width() * rgb.height();
    byte[] out = new byte[3 * n];
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      out[i] = in[p];
      out[n + i] = in[p + 1];
      out[2 * n + i] = in[p + 2];
    }
    return new RgbPlanes(rgb.width(), rgb.height(), out);
  }

  /** The interleaved RGB image with the same samples. */
  public Pixels toPixels() {
    int n = width * height;
    byte[] out = new byte[3 * n];
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      out[p] = data[i];
      out[p + 1] = data[n + i];
      out[p + 2] = data[2 * n + i];
    }
    return Pixels.rgb(width, height, out);
  }
}
