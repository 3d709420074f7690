package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import java.util.List;

/**
 * Checks shared by the data descriptions, on top of {@link dev.clipjvm.clip.api.model.Problems}.
 */
final class Checks {
  private final dev.clipjvm.clip.api.model.Problems p = new dev.clipjvm.clip.api.model.Problems();

  Checks check(boolean ok, String path, String message) {
    p.check(ok, path, message);
    return this;
  }

  Checks positive(String path, long value) {
    p.positive(path, value);
    return this;
  }

  Checks positive(String path, double value) {
    p.positive(path, value);
    return this;
  }

  Checks notBlank(String path, String value) {
    return check(!value.isBlank(), path, "must not be blank");
  }

  Checks nonEmpty(String path, List<?> values) {
    return check(!values.isEmpty(), path, "must not be empty");
  }

  /** Every template must hold one {@code {}} placeholder for the class name. */
  Checks templates(String path, List<String> templates) {
    for (int i = 0; i < templates.size(); i++) {
      check(templates.get(i).contains("{}"), path + "[" + i + "]",
          "\"" + templates.get(i) + "\" has no {} placeholder for the class name");
    }
    return this;
  }

  Checks nested(String prefix, Runnable construct) {
    p.nested(prefix, construct);
    return this;
  }

  void throwIfAny() {
    p.throwIfAny();
  }

  /** Null checks first: a record component that is null cannot be validated further. */
  static void requireNonNull(String[] names, Object... values) {
    dev.clipjvm.clip.api.model.Problems p = new dev.clipjvm.clip.api.model.Problems();
    for (int i = 0; i < values.length; i++) {
      p.check(values[i] != null, names[i], "must not be null");
    }
    if (!p.list().isEmpty()) {
      throw new InvalidConfigException(p.list());
    }
  }
}
