package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the fields of one JSON object into the values of a record, collecting every {@link
 * Problem} (missing key, wrong type, integer out of range, unknown key, the record's own
 * validation) under its full key path instead of stopping at the first. A value that cannot be
 * read is reported and replaced by a placeholder so reading goes on; {@link #build} then keeps
 * only the record's complaints about values not already reported. Optional values of the wrong
 * type are errors like required ones, never silently a default.
 */
public final class JsonFields {
  /** Values longer than this are cut in messages (a whole array would drown the message). */
  private static final int SHOWN_CHARS = 40;

  private final JsonNode node;
  private final String path;
  private final Problems problems;
  /** How many problems were known when this object was opened; see {@link #build}. */
  private final int opened;
  private final Set<String> used = new TreeSet<>();

  private JsonFields(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.opened = problems.all().size();
  }

  /** Reads {@code node} as the top-level object with {@code reader}: its problems, or the value. */
  public static <T> Validation<Seq<Problem>, T> read(JsonNode node,
      Function<JsonFields, T> reader) {
    Problems problems = new Problems();
    T value = reader.apply(open(node, "", problems));
    problems.check(value != null || !problems.all().isEmpty(), "", "cannot be read");
    return problems.all().isEmpty() ? Validation.valid(value) : Validation.invalid(problems.all());
  }

  /** False when this object is absent (its parent reported it missing or not an object). */
  private boolean present() {
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

  /** Like {@link #value}, reporting a missing key. */
  public Optional<JsonNode> required(String key) {
    Optional<JsonNode> v = value(key);
    if (v.isEmpty()) {
      problem(key, "is missing");
    }
    return v;
  }

  /** A required 32-bit integer. */
  public int integer(String key) {
    return required(key).map(v -> toInt(key, v)).orElse(0);
  }

  /** An optional 32-bit integer. */
  public int integer(String key, int fallback) {
    return value(key).map(v -> toInt(key, v)).orElse(fallback);
  }

  /** A required 64-bit integer. */
  public long longInteger(String key) {
    return required(key).map(v -> toLong(key, v)).orElse(0L);
  }

  /** An optional 64-bit integer. */
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
    return value(key).map(v -> expect(key, v, v.isBoolean(), "true or false")
        && v.booleanValue()).orElse(fallback);
  }

  /** An optional string. */
  public Optional<String> text(String key) {
    return value(key).map(v -> toText(key, v));
  }

  /** An optional string with a default. */
  public String text(String key, String fallback) {
    return text(key).orElse(fallback);
  }

  /** A required string. */
  public String requiredText(String key) {
    return required(key).map(v -> toText(key, v)).orElse("");
  }

  /** A required list of strings; a single string reads as a one-element list. */
  public List<String> texts(String key) {
    return required(key).map(v -> toTexts(key, v)).orElseGet(List::of);
  }

  /** An optional list of strings; a single string reads as a one-element list. */
  public List<String> texts(String key, List<String> fallback) {
    return value(key).map(v -> toTexts(key, v)).orElse(fallback);
  }

  /** The list of 32-bit integers {@code v} found at {@code key}. */
  public List<Integer> integers(String key, JsonNode v) {
    List<Integer> out = new ArrayList<>();
    if (expect(key, v, v.isArray(), "a list of integers")) {
      for (int i = 0; i < v.size(); i++) {
        out.add(toInt(key + "[" + i + "]", v.get(i)));
      }
    }
    return out;
  }

  /** An optional {@code [low, high]} pair of numbers. */
  public double[] pair(String key, double low, double high) {
    return value(key).map(n -> {
      boolean ok = n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber();
      return expect(key, n, ok, "[low, high]")
          ? new double[] {n.get(0).doubleValue(), n.get(1).doubleValue()} : new double[] {0, 0};
    }).orElse(new double[] {low, high});
  }

  /**
   * An optional choice among {@code values}, written as the constant's name (any case, lower
   * case when written); {@code fallback} when absent.
   */
  @SafeVarargs
  public final <E extends Enum<E>> E choice(String key, E fallback, E... values) {
    return text(key).filter(name -> node.get(key).isTextual()).map(name -> Arrays.stream(values)
        .filter(e -> e.name().equalsIgnoreCase(name)).findFirst()
        .orElseGet(() -> {
          problem(key, "\"" + name + "\" is not one of " + Arrays.stream(values)
              .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
          return fallback;
        })).orElse(fallback);
  }

  /** A required nested object; when it is missing its fields read as silent placeholders. */
  public JsonFields object(String key) {
    return required(key).map(n -> open(n, path(key)))
        .orElseGet(() -> new JsonFields(MissingNode.getInstance(), path(key), problems));
  }

  /** A required nested object read by {@code reader}; null when missing or invalid. */
  public <T> T object(String key, Function<JsonFields, T> reader) {
    return required(key).map(n -> reader.apply(open(n, path(key)))).orElse(null);
  }

  /** An optional nested object read by {@code reader}; {@code fallback} when absent. */
  public <T> T object(String key, Function<JsonFields, T> reader, T fallback) {
    return value(key).map(n -> reader.apply(open(n, path(key)))).orElse(fallback);
  }

  /**
   * A required list of objects, each read by {@code reader}; the valid ones (the invalid are
   * reported).
   */
  public <T> List<T> list(String key, Function<JsonFields, T> reader) {
    List<T> out = new ArrayList<>();
    required(key).filter(n -> expect(key, n, n.isArray(), "a list of objects")).ifPresent(n -> {
      for (int i = 0; i < n.size(); i++) {
        Optional.ofNullable(reader.apply(open(n.get(i), path(key) + "[" + i + "]")))
            .ifPresent(out::add);
      }
    });
    return out;
  }

  private JsonFields open(JsonNode n, String at) {
    return open(n, at, problems);
  }

  private static JsonFields open(JsonNode n, String at, Problems problems) {
    boolean object = n.isObject();
    if (!object) {
      problems.check(false, at, "expected a JSON object, got "
          + (n.isMissingNode() ? "an empty document" : shown(n)));
    }
    return new JsonFields(object ? n : MissingNode.getInstance(), at, problems);
  }

  /** Reports {@code message} at {@code key}'s path (unless this object itself is absent). */
  public void problem(String key, String message) {
    problems.check(!present(), path(key), message);
  }

  /**
   * Constructs a record from the values read: reports every key of this object no reader
   * asked for, then {@link #construct}s it.
   */
  public <T> T build(Supplier<T> constructor) {
    String known = " (known here: " + String.join(", ", used) + ")";
    node.fieldNames().forEachRemaining(k -> problems.check(used.contains(k), path(k),
        "unknown key" + known));
    return construct(constructor);
  }

  /**
   * Runs a validating constructor on values read from this object, adding its problems under
   * this object's path except those about a value already reported here (it was given a
   * placeholder). Null when this object is absent or construction fails.
   */
  public <T> T construct(Supplier<T> constructor) {
    if (!present()) {
      return null;
    }
    try {
      return constructor.get();
    } catch (InvalidConfigException e) {
      Seq<Problem> reported = problems.all().drop(opened);
      for (Problem p : e.under(path).problems()) {
        problems.check(reported.exists(r -> p.related(r.path())), p.path(), p.message());
      }
      return null;
    }
  }

  private boolean expect(String key, JsonNode v, boolean ok, String what) {
    problems.check(ok, path(key), "expected " + what + ", got " + shown(v));
    return ok;
  }

  private int toInt(String key, JsonNode v) {
    if (!expect(key, v, v.isIntegralNumber(), "an integer")) {
      return 0;
    }
    problems.check(v.canConvertToInt(), path(key), v + " does not fit in a 32-bit integer");
    return v.canConvertToInt() ? v.intValue() : 0;
  }

  private long toLong(String key, JsonNode v) {
    if (!expect(key, v, v.isIntegralNumber(), "an integer")) {
      return 0L;
    }
    problems.check(v.canConvertToLong(), path(key), v + " does not fit in a 64-bit integer");
    return v.canConvertToLong() ? v.longValue() : 0L;
  }

  private double toDouble(String key, JsonNode v) {
    return expect(key, v, v.isNumber(), "a number") ? v.doubleValue() : 0.0;
  }

  private String toText(String key, JsonNode v) {
    return expect(key, v, v.isTextual(), "a string") ? v.textValue() : "";
  }

  private List<String> toTexts(String key, JsonNode n) {
    if (n.isTextual()) {
      return List.of(n.textValue());
    }
    List<String> out = new ArrayList<>();
    if (expect(key, n, n.isArray(), "a string or a list of strings")) {
      for (int i = 0; i < n.size(); i++) {
        out.add(toText(key + "[" + i + "]", n.get(i)));
      }
    }
    return out;
  }

  private static String shown(JsonNode v) {
    String text = v.isNumber() ? v.asText() : v.toString(); // 1e400 reads as Infinity, unquoted
    return text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS - 3) + "..." : text;
  }
}
