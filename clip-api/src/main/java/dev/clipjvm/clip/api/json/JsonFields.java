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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the fields of one JSON object, collecting every problem (missing key, wrong type,
 * unknown key) under its full key path instead of stopping at the first. Readers of nested
 * objects share one {@link Problems}; a missing or invalid value yields a placeholder so reading
 * can go on, and {@link #build} then drops the record's own complaints about fields already
 * reported.
 */
public final class JsonFields {
  /**
   * How problems are worded and what a wrong-typed optional value reads as. The model/training
   * readers and the data readers were written apart and users, logs and tests rely on both
   * wordings, so each keeps its own; nested objects inherit their parent's dialect.
   */
  public enum Dialect {
    /**
     * Model, training and experiment files: {@code "is missing"}, values cut to 40 characters,
     * a bare {@code "unknown key"}, a non-object shown as its JSON, and a wrong-typed optional
     * number (or an int out of range) reading as 0.
     */
    CONFIG("is missing", 40, false, false, false),
    /**
     * Data descriptions and stream positions: {@code "missing"}, values in full, unknown keys
     * listing the keys read here, a non-object named by its node type ({@code ARRAY}), and a
     * wrong-typed optional number keeping its default, as does an int out of range (reported
     * as not fitting in 32 bits).
     */
    DATA("missing", Integer.MAX_VALUE, true, true, true);

    private final String missing;
    private final int valueChars;
    private final boolean listsKnownKeys;
    private final boolean namesNodeType;
    private final boolean keepsDefault;

    Dialect(String missing, int valueChars, boolean listsKnownKeys, boolean namesNodeType,
        boolean keepsDefault) {
      this.missing = missing;
      this.valueChars = valueChars;
      this.listsKnownKeys = listsKnownKeys;
      this.namesNodeType = namesNodeType;
      this.keepsDefault = keepsDefault;
    }
  }

  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final Dialect dialect;
  /** How many problems were known when this object was opened; see {@link #finishAndBuild}. */
  private final int opened;
  private final Set<String> used = new HashSet<>();

  private JsonFields(JsonNode node, String path, Problems problems, Dialect dialect) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.dialect = dialect;
    this.opened = problems.list().size();
  }

  /** Reads {@code node} as the top-level object in the {@link Dialect#CONFIG} dialect. */
  public static JsonFields root(JsonNode node, Problems problems) {
    return root(node, problems, Dialect.CONFIG);
  }

  /** Reads {@code node} as the top-level object; reports a problem if it is not an object. */
  public static JsonFields root(JsonNode node, Problems problems, Dialect dialect) {
    String got = dialect.namesNodeType ? node.getNodeType().toString() : kind(node, dialect);
    problems.check(node.isObject(), "(root)", "expected a JSON object, got " + got);
    return new JsonFields(node.isObject() ? node : MissingNode.getInstance(), "", problems,
        dialect);
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

  /** Like {@link #value}, reporting a missing key (unless this object itself is absent). */
  public Optional<JsonNode> required(String key) {
    Optional<JsonNode> v = value(key);
    problems.check(v.isPresent() || node.isMissingNode(), path(key), dialect.missing);
    return v;
  }

  /** A required integer; 0 (and a problem) when missing or not an integer. */
  public int integer(String key) {
    return required(key).map(v -> toInt(key, v)).orElse(0);
  }

  /** An optional integer; see {@link Dialect} for one of the wrong type or too large. */
  public int integer(String key, int fallback) {
    if (!dialect.keepsDefault) {
      return value(key).map(v -> toInt(key, v)).orElse(fallback);
    }
    long v = longInteger(key, fallback);
    boolean fits = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    problems.check(fits, path(key), v + " does not fit in a 32-bit integer");
    return fits ? (int) v : fallback;
  }

  /** A required integer that may exceed the int range. */
  public long longInteger(String key) {
    return required(key).map(v -> toLong(key, v, 0L)).orElse(0L);
  }

  /** An optional integer that may exceed the int range. */
  public long longInteger(String key, long fallback) {
    long otherwise = dialect.keepsDefault ? fallback : 0L;
    return value(key).map(v -> toLong(key, v, otherwise)).orElse(fallback);
  }

  /** A required number. */
  public double number(String key) {
    return required(key).map(v -> toDouble(key, v, 0.0)).orElse(0.0);
  }

  /** An optional number. */
  public double number(String key, double fallback) {
    double otherwise = dialect.keepsDefault ? fallback : 0.0;
    return value(key).map(v -> toDouble(key, v, otherwise)).orElse(fallback);
  }

  /** An optional boolean; {@code fallback} also when it is not a boolean. */
  public boolean bool(String key, boolean fallback) {
    return value(key).map(v -> {
      problems.check(v.isBoolean(), path(key), "expected true or false, got " + kind(v));
      return v.isBoolean() ? v.booleanValue() : fallback;
    }).orElse(fallback);
  }

  /** An optional string; {@code ""} when it is not a string. */
  public Optional<String> text(String key) {
    return value(key).map(v -> toText(key, v, ""));
  }

  /** An optional string; {@code fallback} when it is absent or not a string. */
  public String text(String key, String fallback) {
    return value(key).map(v -> toText(key, v, fallback)).orElse(fallback);
  }

  /** A required string; {@code ""} when it is missing or not a string. */
  public String requiredText(String key) {
    return required(key).map(v -> toText(key, v, "")).orElse("");
  }

  /** A required list of strings; a single string reads as a one-element list. */
  public List<String> texts(String key) {
    return required(key).map(v -> toTexts(key, v)).orElseGet(ArrayList::new);
  }

  /** An optional list of strings; a single string reads as a one-element list. */
  public List<String> texts(String key, List<String> fallback) {
    return value(key).map(v -> toTexts(key, v)).orElse(fallback);
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

  /** An optional {@code [low, high]} pair of numbers. */
  public double[] pair(String key, double low, double high) {
    return value(key).map(n -> {
      boolean ok = n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber();
      problems.check(ok, path(key), "expected [low, high], got " + kind(n));
      return ok ? new double[] {n.get(0).doubleValue(), n.get(1).doubleValue()} : null;
    }).orElse(new double[] {low, high});
  }

  /** A required nested object; when it is missing its fields read as silent placeholders. */
  public JsonFields object(String key) {
    return required(key).map(n -> open(n, path(key)))
        .orElseGet(() -> new JsonFields(MissingNode.getInstance(), path(key), problems, dialect));
  }

  /** A required nested object read by {@code reader}; null when missing or unreadable. */
  public <T> T object(String key, Function<JsonFields, T> reader) {
    return required(key).map(n -> reader.apply(open(n, path(key)))).orElse(null);
  }

  /** An optional nested object read by {@code reader}; {@code fallback} if absent or unreadable. */
  public <T> T object(String key, Function<JsonFields, T> reader, T fallback) {
    return value(key).map(n -> reader.apply(open(n, path(key)))).orElse(fallback);
  }

  /** Element {@code index} of the list {@code list} found at {@code key}, read as an object. */
  public JsonFields element(String key, JsonNode list, int index) {
    return open(list.get(index), path(key) + "[" + index + "]");
  }

  private JsonFields open(JsonNode n, String at) {
    problems.check(n.isObject(), at, dialect.namesNodeType
        ? "expected a JSON object, got " + n.getNodeType() : "expected an object, got " + kind(n));
    return new JsonFields(n.isObject() ? n : MissingNode.getInstance(), at, problems, dialect);
  }

  /** Reports {@code message} at {@code key}'s path (unless this object itself is absent). */
  public void problem(String key, String message) {
    problems.check(!present(), path(key), message);
  }

  /** Reports every key of this object that no reader asked for. */
  public void finish() {
    String known = dialect.listsKnownKeys
        ? " (known here: " + String.join(", ", new TreeSet<>(used)) + ")" : "";
    node.fieldNames().forEachRemaining(k -> problems.check(used.contains(k), path(k),
        "unknown key" + known));
  }

  /**
   * Constructs a record from the values read, adding its validation problems under this
   * object's path except those about keys already reported; null when construction fails.
   */
  public <T> T build(Supplier<T> constructor) {
    return construct(constructor, 0, true);
  }

  /**
   * {@link #finish}, then constructs a record as {@link #build} does, but yields null when any
   * problem was found since this object was opened, and skips only the record's complaints at
   * a path reported since then or at one of its parents.
   */
  public <T> T finishAndBuild(Supplier<T> constructor) {
    finish();
    boolean clean = problems.list().size() == opened;
    T value = construct(constructor, opened, false);
    return clean ? value : null;
  }

  /**
   * Runs {@code constructor}; of its problems, drops those at a path reported (from problem
   * {@code from} on) or a parent of one, and with {@code belowToo} also those below one.
   */
  private <T> T construct(Supplier<T> constructor, int from, boolean belowToo) {
    try {
      return constructor.get();
    } catch (InvalidConfigException e) {
      List<String> all = problems.list();
      List<String> reported = all.subList(from, all.size()).stream()
          .map(JsonFields::pathOf).toList();
      for (String p : (path.isEmpty() ? e : e.under(path)).problems()) {
        String at = pathOf(p);
        boolean known = reported.stream().anyMatch(r -> r.equals(at) || r.startsWith(at + ".")
            || r.startsWith(at + "[") || (belowToo && at.startsWith(r + ".")));
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

  private long toLong(String key, JsonNode v, long otherwise) {
    boolean ok = v.isIntegralNumber() && v.canConvertToLong();
    problems.check(ok, path(key), "expected an integer, got " + kind(v));
    return ok ? v.longValue() : otherwise;
  }

  private double toDouble(String key, JsonNode v, double otherwise) {
    problems.check(v.isNumber(), path(key), "expected a number, got " + kind(v));
    return v.isNumber() ? v.doubleValue() : otherwise;
  }

  private String toText(String key, JsonNode v, String otherwise) {
    problems.check(v.isTextual(), path(key), "expected a string, got " + kind(v));
    return v.isTextual() ? v.textValue() : otherwise;
  }

  private List<String> toTexts(String key, JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isTextual()) {
      out.add(n.textValue());
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        problems.check(n.get(i).isTextual(), path(key) + "[" + i + "]",
            "expected a string, got " + kind(n.get(i)));
        if (n.get(i).isTextual()) {
          out.add(n.get(i).textValue());
        }
      }
    } else {
      problems.check(false, path(key), "expected a string or a list of strings, got " + kind(n));
    }
    return out;
  }

  private String kind(JsonNode v) {
    return kind(v, dialect);
  }

  private static String kind(JsonNode v, Dialect dialect) {
    String text = v.toString();
    return text.length() > dialect.valueChars
        ? text.substring(0, dialect.valueChars - 3) + "..." : text;
  }
}
