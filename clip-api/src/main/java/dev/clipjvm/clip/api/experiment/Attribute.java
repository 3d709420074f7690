package dev.clipjvm.clip.api.experiment;

import java.util.List;

/** An attribute of the built-in synthetic scenes that a zero-shot task classifies. */
public enum Attribute {
  /** The object's shape; class names in the generator's order. */
  SHAPE(List.of("circle", "square", "triangle", "diamond", "cross")),
  /** The object's colour; class names in the generator's order. */
  COLOR(List.of("red", "orange", "yellow", "green", "blue", "purple"));

  private final List<String> classNames;

  Attribute(List<String> classNames) {
    this.classNames = classNames;
  }

  /** The class names, in label order. */
  public List<String> classNames() {
    return classNames;
  }
}
