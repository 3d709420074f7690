package dev.clipjvm.clip.tf.zeroshot;

import java.util.List;
import java.util.Objects;

/**
 * One class of a zero-shot task: the label reported for it and the names its prompts are made
 * from (several for classes a single word does not cover, as OpenAI's FER2013 prompts use
 * {@code ['happy', 'smiling']}).
 *
 * @param label the label predictions carry
 * @param names the names substituted into the templates, at least one, none blank
 */
public record ZeroShotClass(String label, List<String> names) {
  /** Validates the label and names. */
  public ZeroShotClass {
    Objects.requireNonNull(label, "label");
    names = List.copyOf(names);
    if (label.isBlank()) {
      throw new IllegalArgumentException("a class label is blank");
    }
    if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("class '" + label + "' needs at least one name and no "
          + "blank names, got " + names);
    }
  }

  /** A class named by its label alone. */
  public static ZeroShotClass of(String label) {
    return new ZeroShotClass(label, List.of(label));
  }
}
