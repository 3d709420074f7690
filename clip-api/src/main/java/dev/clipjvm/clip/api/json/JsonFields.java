package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the fields of one JSON object, collecting every problem (missing key, wrong type,
 * unknown key) under its full key path instead of stopping at the first. Readers of nested
 * configurations share one {@link Problems}; a missing or invalid value yields a placeholder (0,
 * false, empty) so reading can go on, and {@link #build} then drops the record's own complaints
 * about fields already reported.
 */
public final class JsonFields {
  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final Set<String> used = new HashSet<>();

  private JsonFields(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** Reads {@code node} as the top-level object; reports a problem if it is not an object. */
  public static JsonFields root(JsonNode node, Problems problems) {
    problems.check(node.isObject(), "(root)", "expected a JSON object, got " + kind(node));
    return new JsonFields(node.isObject() ? node : MissingNode.getInstance(), "", problems);
  }

  /** False when this object is absent (its parent reported it missing or not an object). */
  public boolean present() {
    return !node.isMissingNode();
  }

  /** The full path of {@code key} in this object, such as {@code vision_cfg.width}. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** True when {@code key} is present and not JSON {@code null}. */
  public boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /** The value of {@code key} marked as read, or empty when it is absent or {@code null}. */
  public Optional<JsonNode> value(String key) {
    used.add(key);
    return has(key) ? Optional.of(node.get(key)) : Optional.empty();
  }

  private Optional<JsonNode> required(String key) {
    Optional<JsonNode> v = value(key);
    problems.check(v.isPresent() || node.isMissingNode(), path(key), "is missing");
    return v;
  }

  /** A required integer; 0 (and a problem) when missing or not an integer. */
  public int integer(String key) {
    return required(key).map(v -> toInt(key, v)).orElse(0);
  }

  /** An optional integer. */
  public int integer(String key, int fallback) {
    return value(key).map(v -> toInt(key, v)).orElse(fallback);
  }

  /** A required integer that may exceed the int range. */
  public long longInteger(String key) {
    return required(key).map(v -> toLong(key, v)).orElse(0L);
  }

  /** An optional integer that may exceed the int range. */
  public long longInteger(String key, long fallback) {
    return value(key).map(v -> toLong(key, v)).orElse(fallback);
  }

  /** A required number. */
  public double number(String key) {
    return required(key).map(v -> toDouble(key, v)).orElse(0.0);
  }

  /** An optional number. */
  public double number(String key, double fallback) {
    return value(key).map(v -> toDouble(key, v)).orElse(fallback);
  }

  /** An optional boolean. */
  public boolean bool(String key, boolean fallback) {
    return value(key).map(v -> {
      problems.check(v.isBoolean(), path(key), "expected true or false, got " + kind(v));
      return v.isBoolean() ? v.booleanValue() : fallback;
    }).orElse(fallback);
  }

  /** An optional string. */
  public Optional<String> text(String key) {
    return value(key).map(v -> {
      problems.check(v.isTextual(), path(key), "expected a string, got " + kind(v));
      return v.isTextual() ? v.textValue() : "";
    });
  }

  /** A list of integers. */
  public List<Integer> integers(String key, JsonNode v) {
    List<Integer> out = new ArrayList<>();
    if (!v.isArray()) {
      problems.check(false, path(key), "expected a list of integers, got " + kind(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      problems.check(e.canConvertToInt() && e.isIntegralNumber(), path(key) + "[" + i + "]",
          "expected an integer, got " + kind(e));
      out.add(e.canConvertToInt() ? e.intValue() : 0);
    }
    return out;
  }

  /** A required nested object; when it is missing its fields read as silent placeholders. */
  public JsonFields object(String key) {
    Optional<JsonNode> v = required(key);
    v.ifPresent(n -> problems.check(n.isObject(), path(key), "expected an object, got " + kind(n)));
    JsonNode inner = v.filter(JsonNode::isObject).orElse(MissingNode.getInstance());
    return new JsonFields(inner, path(key), problems);
  }

  /** Reports {@code message} at {@code key}'s path (unless this object itself is absent). */
  public void problem(String key, String message) {
    problems.check(!present(), path(key), message);
  }

  /** Reports every key of this object that no reader asked for. */
  public void finish() {
    node.fieldNames().forEachRemaining(k -> problems.check(used.contains(k), path(k),
        "unknown key"));
  }

  /**
   * Constructs a record from the values read, adding its validation problems under this
   * object's path except those about keys already reported; null when construction fails.
   */
  public <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidConfigException e) {
      List<String> reported = problems.list().stream().map(JsonFields::pathOf).toList();
      InvalidConfigException scoped = path.isEmpty() ? e : e.under(path);
      for (String p : scoped.problems()) {
        String at = pathOf(p);
        boolean known = reported.stream().anyMatch(r -> r.equals(at)
            || r.startsWith(at + ".") || at.startsWith(r + ".") || r.startsWith(at + "["));
        problems.check(known, at, p.substring(at.length() + 2));
      }
      return null;
    }
  }

  private static String pathOf(String problem) {
    int colon = problem.indexOf(": ");
    return colon < 0 ? problem : problem.substring(0, colon);
  }

  private int toInt(String key, JsonNode v) {
    boolean ok = v.isIntegralNumber() && v.canConvertToInt();
    problems.check(ok, path(key), "expected an integer, got " + kind(v));
    return ok ? v.intValue() : 0;
  }

  private long toLong(String key, JsonNode v) {
    boolean ok = v.isIntegralNumber() && v.canConvertToLong();
    problems.check(ok, path(key), "expected an integer, got " + kind(v));
    return ok ? v.longValue() : 0L;
  }

  private double toDouble(String key, JsonNode v) {
    problems.check(v.isNumber(), path(key), "expected a number, got " + kind(v));
    return v.isNumber() ? v.doubleValue() : 0.0;
  }

  private static String kind(JsonNode v) {
    String text = v.toString();
    return text.length() > 40 ? text.substring(0, 37) + "..." : text;
  }
}
