package dev.clipjvm.clip.api.model;

import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Validation;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Collects the {@link Problem}s of one value so that it reports all of them at once. A record's
 * compact constructor runs its checks through one of these and ends with {@link #throwIfAny};
 * {@link #validate} turns such a constructor into a {@link Validation}.
 */
public final class Problems {
  private Vector<Problem> found = Vector.empty();

  /** Records a problem at {@code path} when {@code ok} is false; returns this for chaining. */
  public Problems check(boolean ok, String path, String message) {
    if (!ok) {
      found = found.append(new Problem(path, message));
    }
    return this;
  }

  /** Requires {@code value > 0}. */
  public Problems positive(String path, long value) {
    return check(value > 0, path, value + " must be positive");
  }

  /** Requires {@code value > 0} and finite. */
  public Problems positive(String path, double value) {
    return check(value > 0 && Double.isFinite(value), path, value + " must be positive and finite");
  }

  /**
   * Requires {@code value <= max}: sizes above a limit would overflow the parameter counts or
   * exhaust memory long before anything useful ran. NaN and infinities pass here; {@link
   * #positive(String, double)} reports them.
   */
  public Problems atMost(String path, double value, long max) {
    if (!(value > max) || !Double.isFinite(value)) {
      return this; // infinity is not finite: positive() reports it
    }
    // Plain digits for ordinary values (33554432.5, not 3.35544325E7).
    String shown = value >= 1e15 ? String.valueOf(value)
        : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return check(false, path, shown + " is above the limit of " + max);
  }

  /** Requires a string with something besides blanks. */
  public Problems notBlank(String path, String value) {
    return check(!value.isBlank(), path, "must not be blank");
  }

  /** Requires at least one element. */
  public Problems nonEmpty(String path, Collection<?> values) {
    return check(!values.isEmpty(), path, "must not be empty");
  }

  /** Every template must hold one {@code {}} placeholder for the class name. */
  public Problems templates(String path, java.util.List<String> templates) {
    for (int i = 0; i < templates.size(); i++) {
      check(templates.get(i).contains("{}"), path + "[" + i + "]",
          "\"" + templates.get(i) + "\" has no {} placeholder for the class name");
    }
    return this;
  }

  /** The problems found so far. */
  public Seq<Problem> all() {
    return found;
  }

  /** Throws {@link InvalidConfigException} with every problem if any was found. */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidConfigException(found);
    }
  }

  /**
   * Null checks to run before anything else: a component that is null cannot be validated (or
   * copied) further. {@code names[i]} is the key of {@code values[i]}.
   */
  public static void requireNonNull(String[] names, Object... values) {
    Problems p = new Problems();
    for (int i = 0; i < values.length; i++) {
      p.check(values[i] != null, names[i], "must not be null");
    }
    p.throwIfAny();
  }

  /** Runs a validating constructor; its problems become the invalid side. */
  public static <T> Validation<Seq<Problem>, T> validate(Supplier<T> constructor) {
    try {
      return Validation.valid(constructor.get());
    } catch (InvalidConfigException e) {
      return Validation.invalid(e.problems());
    }
  }

  /** The value, or an {@link InvalidConfigException} naming {@code source} with every problem. */
  public static <T> T orThrow(Validation<Seq<Problem>, T> result, String source) {
    return result.getOrElseGet(problems -> {
      throw new InvalidConfigException(source, problems);
    });
  }
}
