package dev.clipjvm.clip.api.model;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * A configuration that cannot describe a working model, training run or data pipeline. Carries
 * every {@link Problem} found, each with the key path of the value at fault, and optionally the
 * file they were found in; the message joins them ({@code "m.json: vision_cfg.width: 770 is not
 * divisible by head_width 64; text_cfg: is missing"}).
 */
public final class InvalidConfigException extends InvalidInputException {
  private final String source;
  private final Seq<Problem> problems;

  /** Problems found in the file or other input named {@code source} (empty for none). */
  public InvalidConfigException(String source, Seq<Problem> problems) {
    super(message(source, problems));
    this.source = Objects.requireNonNull(source, "source");
    this.problems = List.ofAll(problems);
  }

  /** Problems found in a value built in code. */
  public InvalidConfigException(Seq<Problem> problems) {
    this("", problems);
  }

  /** A single problem. */
  public static InvalidConfigException of(String path, String message) {
    return new InvalidConfigException(List.of(new Problem(path, message)));
  }

  private static String message(String source, Seq<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
    }
    String all = problems.mkString("; ");
    return source.isEmpty() ? all : source + ": " + all;
  }

  /** Every problem, in the order found. */
  public Seq<Problem> problems() {
    return problems;
  }

  /** The file or other input the problems were found in, or empty. */
  public String source() {
    return source;
  }

  /** The same problems seen from the object that holds this one under {@code prefix}. */
  public InvalidConfigException under(String prefix) {
    return new InvalidConfigException(source, problems.map(p -> p.under(prefix)));
  }
}
