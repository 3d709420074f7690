package dev.clipjvm.clip.data.synthetic;

/**
 * Coarse placement of a lone object, with the phrase captions use and the centre region it is
 * drawn in (fractions of the image side).
 */
public enum Position {
  LEFT("on the left", 0.28, 0.5),
  RIGHT("on the right", 0.72, 0.5),
  TOP("at the top", 0.5, 0.28),
  BOTTOM("at the bottom", 0.5, 0.72),
  CENTER("in the center", 0.5, 0.5);

  private final String phrase;
  private final double x;
  private final double y;

  Position(String phrase, double x, double y) {
    this.phrase = phrase;
    this.x = x;
    this.y = y;
  }

  /** The caption phrase, e.g. {@code "on the left"}. */
  public String phrase() {
    return phrase;
  }

  /** Nominal centre x as a fraction of the image side. */
  public double x() {
    return x;
  }

  /** Nominal centre y as a fraction of the image side. */
  public double y() {
    return y;
  }
}
