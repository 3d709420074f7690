package dev.clipjvm.clip.data.synthetic;

import java.util.Objects;

/**
 * A (shape, colour) pair, the unit held out of training for compositional zero-shot tests.
 *
 * @param shape the shape
 * @param color the colour
 */
public record Combo(Shape shape, Color color) {

  /** Rejects missing parts. */
  public Combo {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(color, "color");
  }

  /** The noun phrase, e.g. {@code "green circle"}. */
  public String words() {
    return color.word() + " " + shape.word();
  }
}
