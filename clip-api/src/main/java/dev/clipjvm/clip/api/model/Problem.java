package dev.clipjvm.clip.api.model;

import java.util.Objects;

/**
 * One thing wrong with a configuration: where ({@code path}, the JSON key path such as {@code
 * vision_cfg.width} or {@code stages[2].size}; empty for the document as a whole) and what.
 *
 * @param path the key path of the value at fault, empty for the whole document
 * @param message what is wrong, in words that name the value
 */
public record Problem(String path, String message) {

  /** Requires both parts. */
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The same problem seen from the object that holds this one under {@code prefix}: {@code
   * width} becomes {@code vision_cfg.width}, {@code [2].size} becomes {@code stages[2].size}.
   */
  public Problem under(String prefix) {
    if (prefix.isEmpty()) {
      return this;
    }
    return new Problem(path.isEmpty() ? prefix
        : path.startsWith("[") ? prefix + path : prefix + "." + path, message);
  }

  /** True when {@code other} is this problem's path, a parent of it, or a path below it. */
  public boolean related(String other) {
    return other.equals(path) || isBelow(path, other) || isBelow(other, path);
  }

  private static boolean isBelow(String child, String parent) {
    return parent.isEmpty() || child.startsWith(parent + ".") || child.startsWith(parent + "[");
  }

  /** {@code "path: message"}, or the message alone for the whole document. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
