package dev.clipjvm.clip.data.source;

/**
 * Decoded pixels: {@code height} rows of {@code width} interleaved RGB bytes.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb {@code height * width * 3} bytes, row-major
 */
public record RgbImage(int width, int height, byte[] rgb) {

  /** Checks the buffer holds exactly {@code width * height * 3} bytes. */
  public RgbImage {
    if (width <= 0 || height <= 0 || rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException("RgbImage " + width + "x" + height + " needs "
          + (long) width * height * 3 + " bytes, got " + rgb.length);
    }
  }
}
