package dev.clipjvm.clip.data.tensor;

import java.util.List;

/**
 * A tensor file or checkpoint that cannot be read as claimed: lists every problem found, each
 * naming the tensor or field at fault.
 */
public final class CheckpointFormatException extends RuntimeException {
  private final String source;
  private final List<String> problems;

  /** A failure of {@code source} (a file name) with one or more problems. */
  public CheckpointFormatException(String source, List<String> problems) {
    super(source + ": " + String.join("; ", problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** A failure of {@code source} with one problem. */
  public CheckpointFormatException(String source, String problem) {
    this(source, List.of(problem));
  }

  /** The file (or other source) at fault. */
  public String source() {
    return source;
  }

  /** Every problem found. */
  public List<String> problems() {
    return problems;
  }
}
