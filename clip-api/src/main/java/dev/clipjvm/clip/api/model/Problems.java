package dev.clipjvm.clip.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects validation problems so a configuration reports all of them at once. Used by the
 * compact constructors of configuration records.
 */
public final class Problems {
  private final List<String> found = new ArrayList<>();

  /** Records {@code "path: message"} when {@code ok} is false; returns this for chaining. */
  public Problems check(boolean ok, String path, String message) {
    if (!ok) {
      found.add(path + ": " + message);
    }
    return this;
  }

  /** Requires {@code value > 0}. */
  public Problems positive(String path, long value) {
    return check(value > 0, path, value + " must be positive");
  }

  /** Requires {@code value > 0}. */
  public Problems positive(String path, double value) {
    return check(value > 0 && Double.isFinite(value), path, value + " must be positive and finite");
  }

  /** Adds the problems of a nested configuration under {@code prefix}. */
  public Problems nested(String prefix, Runnable construct) {
    try {
      construct.run();
    } catch (InvalidConfigException e) {
      e.under(prefix).problems().forEach(found::add);
    }
    return this;
  }

  /** The problems found so far. */
  public List<String> list() {
    return List.copyOf(found);
  }

  /** Throws {@link InvalidConfigException} if any problem was found. */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidConfigException(found);
    }
  }
}
