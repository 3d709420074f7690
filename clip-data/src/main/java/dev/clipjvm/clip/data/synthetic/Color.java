package dev.clipjvm.clip.data.synthetic;

/** The colours an object can have, with a nominal sRGB value that rendering jitters slightly. */
public enum Color {
  RED("red", 220, 30, 30),
  ORANGE("orange", 250, 140, 0),
  YELLOW("yellow", 240, 225, 30),
  GREEN("green", 30, 170, 50),
  BLUE("blue", 30, 70, 230),
  PURPLE("purple", 150, 40, 200);

  private final String word;
  private final int red;
  private final int green;
  private final int blue;

  Color(String word, int red, int green, int blue) {
    this.word = word;
    this.red = red;
    this.green = green;
    this.blue = blue;
  }

  /** The English adjective, e.g. {@code "red"}. */
  public String word() {
    return word;
  }

  /** Nominal channel value, 0-255, for channel 0 (red), 1 (green) or 2 (blue). */
  public int channel(int c) {
    return switch (c) {
      case 0 -> red;
      case 1 -> green;
      case 2 -> blue;
      default -> throw new IllegalArgumentException("channel " + c + " is not 0, 1 or 2");
    };
  }
}
