package dev.clipjvm.clip.data.image;

/**
 * A rectangle of an image in pixels.
 *
 * @param x first column
 * @param y first row
 * @param width columns, positive
 * @param height rows, positive
 */
public record Window(int x, int y, int width, int height) {

  /** Validates that the rectangle is non-empty. */
  public Window {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("window must be non-empty, got " + width + "x" + height);
    }
  }

  /** The whole of a {@code width x height} image. */
  public static Window of(int width, int height) {
    return new Window(0, 0, width, height);
  }

  /** True when this window lies inside a {@code w x h} image. */
  boolean fitsIn(int w, int h) {
    return x >= 0 && y >= 0 && x + width <= w && y + height <= h;
  }
}
