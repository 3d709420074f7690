package dev.clipjvm.clip.data.synthetic;

/** Object size classes, as fractions of the image side (radius range). */
public enum Size {
  SMALL("small", 0.17, 0.21),
  LARGE("large", 0.25, 0.30);

  private final String word;
  private final double minRadius;
  private final double maxRadius;

  Size(String word, double minRadius, double maxRadius) {
    this.word = word;
    this.minRadius = minRadius;
    this.maxRadius = maxRadius;
  }

  /** The English adjective. */
  public String word() {
    return word;
  }

  /** Smallest radius as a fraction of the image side. */
  public double minRadius() {
    return minRadius;
  }

  /** Largest radius as a fraction of the image side. */
  public double maxRadius() {
    return maxRadius;
  }
}
