package dev.clipjvm.clip.data.synthetic;

import java.util.Objects;

/**
 * One drawn object. Geometry is in fractions of the image side so a scene renders at any
 * resolution.
 *
 * @param shape the shape
 * @param color the colour
 * @param size the size class
 * @param position the coarse position captions mention
 * @param x centre x in [0, 1]
 * @param y centre y in [0, 1], pointing down
 * @param radius half the extent, in (0, 0.5]
 * @param rgb the jittered colour actually drawn, three values 0-255
 */
public record SceneObject(
    Shape shape, Color color, Size size, Position position, double x, double y, double radius,
    int[] rgb) {

  /** Validates the geometry and copies the colour. */
  public SceneObject {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(color, "color");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(position, "position");
    if (radius <= 0 || radius > 0.5) {
      throw new IllegalArgumentException("radius " + radius + " is not in (0, 0.5]");
    }
    if (rgb == null || rgb.length != 3) {
      throw new IllegalArgumentException("rgb must hold three channel values");
    }
    rgb = rgb.clone();
  }

  /** The drawn colour (a copy). */
  @Override
  public int[] rgb() {
    return rgb.clone();
  }

  /** The (shape, colour) pair. */
  public Combo combo() {
    return new Combo(shape, color);
  }
}
