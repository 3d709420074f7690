package dev.clipjvm.clip.api.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration value that cannot describe a working model; lists every problem found, each
 * with the path of the field at fault (for example {@code vision_cfg.width}).
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private final List<String> problems;

  /** Creates the exception for a non-empty list of {@code "path: message"} problems. */
  public InvalidConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each {@code "path: message"}. */
  public List<String> problems() {
    return problems;
  }

  /** The same problems with {@code prefix.} put before each path, for nested configurations. */
  public InvalidConfigException under(String prefix) {
    return new InvalidConfigException(
        problems.stream().map(p -> prefix + "." + p).collect(Collectors.toList()));
  }
}
