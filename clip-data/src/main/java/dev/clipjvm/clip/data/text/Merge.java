package dev.clipjvm.clip.data.text;

import java.util.Objects;

/**
 * One BPE merge rule: adjacent symbols {@code left} and {@code right} become {@code left + right}.
 *
 * @param left the first symbol, non-empty and without spaces
 * @param right the second symbol, non-empty and without spaces
 */
public record Merge(String left, String right) {

  /** Validates that both symbols can be written as one line of a merges file. */
  public Merge {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    if (left.isEmpty() || right.isEmpty() || left.contains(" ") || right.contains(" ")) {
      throw new IllegalArgumentException(
          "merge symbols must be non-empty and without spaces: '" + left + "' '" + right + "'");
    }
  }

  /** The merged symbol. */
  public String joined() {
    return left + right;
  }

  /** Parses one line "left right" of a merges file. */
  static Merge parse(String line, int lineNumber, String source) {
    String[] parts = line.trim().split(" ");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          source + " line " + lineNumber + ": expected two symbols separated by a space, got '"
              + line + "'");
    }
    return new Merge(parts[0], parts[1]);
  }
}
