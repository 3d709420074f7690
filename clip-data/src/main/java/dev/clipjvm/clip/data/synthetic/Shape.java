package dev.clipjvm.clip.data.synthetic;

/**
 * The shapes a scene can hold. Each decides membership of a point given in the object's own
 * frame: coordinates divided by the object's radius, so the shape fits the unit square
 * {@code [-1, 1]^2}.
 */
public enum Shape {
  CIRCLE("circle", "circles"),
  SQUARE("square", "squares"),
  TRIANGLE("triangle", "triangles"),
  DIAMOND("diamond", "diamonds"),
  CROSS("cross", "crosses");

  private final String word;
  private final String plural;

  Shape(String word, String plural) {
    this.word = word;
    this.plural = plural;
  }

  /** The English noun, e.g. {@code "circle"}. */
  public String word() {
    return word;
  }

  /** The plural noun, e.g. {@code "crosses"}. */
  public String plural() {
    return plural;
  }

  /** Whether the point {@code (u, v)} (unit frame, v pointing down) lies inside the shape. */
  public boolean contains(double u, double v) {
    return switch (this) {
      case CIRCLE -> u * u + v * v <= 1.0;
      case SQUARE -> Math.abs(u) <= 0.85 && Math.abs(v) <= 0.85;
      // Apex up, base at v = 0.8; the slanted sides meet the base at u = +-1.
      case TRIANGLE -> v <= 0.8 && v >= -1.0 && Math.abs(u) <= (v + 1.0) / 1.8;
      case DIAMOND -> Math.abs(u) + Math.abs(v) <= 1.0;
      case CROSS -> (Math.abs(u) <= 0.32 && Math.abs(v) <= 1.0)
          || (Math.abs(v) <= 0.32 && Math.abs(u) <= 1.0);
    };
  }
}
