package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /** What one reading shares: its problems, how paths resolve, and the schema it may record. */
  private record Reading(Problems problems, RelativePaths relative,
      Optional<ConfigSchema> schema) {}

  private final JsonNode node;
  private final String path;
  private final Reading reading;
  private final Problems problems;
  /** How many problems were known when this object was opened; see {@link #build}. */
  private final int opened;
  private final Set<String> used = new TreeSet<>();
  /** The object holding this one, for documentation lookups; empty at the top. */
  private final Optional<JsonFields> parent;
  /** This object's key in its parent ({@code optimizer}, {@code tasks[]}). */
  private final String keyInParent;
  /** Descriptions of keys below this object ({@link #document}). */
  private Map<String, ConfigSchema.Doc> docs = Map.of();
  /** The variant this object was read as ({@link #variant}), empty for none. */
  private String variantName = "";

  private JsonFields(JsonNode node, String path, Reading reading, Optional<JsonFields> parent,
      String keyInParent) {
    this.node = node;
    this.path = path;
    this.reading = reading;
    this.problems = reading.problems();
    this.opened = problems.all().size();
    this.parent = parent;
    this.keyInParent = keyInParent;
  }

  /** Reads {@code node} as the top-level object with {@code reader}: its problems, or the value. */
  public static <T> Validation<Seq<Problem>, T> read(JsonNode node,
      Function<JsonFields, T> reader) {
    return read(node, RelativePaths.AS_WRITTEN, reader);
  }

  /**
   * {@link #read(JsonNode, Function)} resolving the relative paths {@link #file} reads as
   * {@code relative} says.
   */
  public static <T> Validation<Seq<Problem>, T> read(JsonNode node, RelativePaths relative,
      Function<JsonFields, T> reader) {
    Problems problems = new Problems();
    T value = reader.apply(open(node, "", new Reading(problems, relative, Optional.empty()),
        Optional.empty(), ""));
    problems.check(value != null || !problems.all().isEmpty(), "", "cannot be read");
    return problems.all().isEmpty() ? Validation.valid(value) : Validation.invalid(problems.all());
  }

  /**
   * Runs {@code reader} recording into {@code schema} every key it asks for instead of reading
   * values: {@link ConfigSchema} drives this to document a configuration.
   */
  static void describe(Function<JsonFields, ?> reader, ConfigSchema schema) {
    Reading r = new Reading(new Problems(), RelativePaths.AS_WRITTEN, Optional.of(schema));
    reader.apply(new JsonFields(Json.object(), "", r, Optional.empty(), ""));
  }

  /**
   * Descriptions of this object's keys (relative key paths such as {@code optimizer.lr}; a key
   * of one variant as {@code csv:path}), used only when documenting the configuration. Readers
   * call it first; {@link ConfigSchema} fails on a key nobody described.
   */
  public void document(Map<String, ConfigSchema.Doc> descriptions) {
    this.docs = descriptions;
  }

  /**
   * The required discriminator {@code key} of an object read as one of {@code names} (the
   * {@code type} of a data source): its text, which the reader dispatches on. When the
   * configuration is documented, each name in turn.
   */
  public String variant(String key, String... names) {
    if (reading.schema().isEmpty()) {
      return requiredText(key);
    }
    ConfigSchema schema = reading.schema().get();
    describe(key, "string: " + String.join(", ", names), ConfigSchema.REQUIRED);
    variantName = schema.choose(path(key), names);
    return variantName;
  }

  /** Records {@code key} when documenting; nothing otherwise. */
  private void describe(String key, String type, String fallback) {
    reading.schema().ifPresent(s -> s.record(path(key), variantLabel(), type, fallback,
        lookup(key)));
  }

  /** The innermost variant this object lies in, as {@code data.source (csv)}. */
  private String variantLabel() {
    for (Optional<JsonFields> f = Optional.of(this); f.isPresent(); f = f.get().parent) {
      if (!f.get().variantName.isEmpty()) {
        return f.get().path + " (" + f.get().variantName + ")";
      }
    }
    return "";
  }

  /** The description of {@code key}, looked up here and in every enclosing object. */
  private Optional<ConfigSchema.Doc> lookup(String key) {
    String rel = key;
    for (Optional<JsonFields> f = Optional.of(this); f.isPresent(); f = f.get().parent) {
      JsonFields at = f.get();
      String qualified = at.variantName.isEmpty() ? rel : at.variantName + ":" + rel;
      ConfigSchema.Doc d = at.docs.getOrDefault(qualified, at.docs.get(rel));
      if (d != null) {
        return Optional.of(d);
      }
      rel = at.keyInParent + "." + rel;
    }
    return Optional.empty();
  }

  private boolean documenting() {
    return reading.schema().isPresent();
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
    describe(key, "any", "");
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
    describe(key, "integer", ConfigSchema.REQUIRED);
    return required(key).map(v -> toInt(key, v)).orElse(0);
  }

  /** An optional 32-bit integer. */
  public int integer(String key, int fallback) {
    describe(key, "integer", String.valueOf(fallback));
    return value(key).map(v -> toInt(key, v)).orElse(fallback);
  }

  /** A required 64-bit integer. */
  public long longInteger(String key) {
    describe(key, "integer", ConfigSchema.REQUIRED);
    return required(key).map(v -> toLong(key, v)).orElse(0L);
  }

  /** An optional 64-bit integer. */
  public long longInteger(String key, long fallback) {
    describe(key, "integer", String.valueOf(fallback));
    return value(key).map(v -> toLong(key, v)).orElse(fallback);
  }

  /** A required number. */
  public double number(String key) {
    describe(key, "number", ConfigSchema.REQUIRED);
    return required(key).map(v -> toDouble(key, v)).orElse(0.0);
  }

  /** An optional number. */
  public double number(String key, double fallback) {
    describe(key, "number", ConfigSchema.number(fallback));
    return value(key).map(v -> toDouble(key, v)).orElse(fallback);
  }

  /** An optional boolean. */
  public boolean bool(String key, boolean fallback) {
    describe(key, "boolean", String.valueOf(fallback));
    return value(key).map(v -> expect(key, v, v.isBoolean(), "true or false")
        && v.booleanValue()).orElse(fallback);
  }

  /** An optional string. */
  public Optional<String> text(String key) {
    return value(key).map(v -> toText(key, v));
  }

  /** An optional string with a default. */
  public String text(String key, String fallback) {
    describe(key, "string", fallback.isEmpty() ? ConfigSchema.NONE
        : ConfigSchema.quoted(fallback));
    return text(key).orElse(fallback);
  }

  /** A required string. */
  public String requiredText(String key) {
    describe(key, "string", ConfigSchema.REQUIRED);
    return required(key).map(v -> toText(key, v)).orElse("");
  }

  /**
   * A required file path: a relative path resolves against the configuration file's folder (or,
   * for a value given on the command line, the working directory); see {@link RelativePaths}.
   */
  public String file(String key, boolean required) {
    describe(key, "path", required ? ConfigSchema.REQUIRED : ConfigSchema.NONE);
    Optional<String> v = required ? Optional.of(requiredText(key)) : text(key);
    return v.map(text -> reading.relative().resolve(path(key), text)).orElse("");
  }

  /** A required list of file paths (or brace patterns), each resolved as {@link #file}. */
  public List<String> files(String key) {
    describe(key, "path or list of paths", ConfigSchema.REQUIRED);
    List<String> raw = texts(key);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      out.add(reading.relative().resolve(path(key) + "[" + i + "]", raw.get(i)));
    }
    return out;
  }

  /** A required list of strings; a single string reads as a one-element list. */
  public List<String> texts(String key) {
    describe(key, "string or list of strings", ConfigSchema.REQUIRED);
    return required(key).map(v -> toTexts(key, v)).orElseGet(List::of);
  }

  /** An optional list of strings; a single string reads as a one-element list. */
  public List<String> texts(String key, List<String> fallback) {
    describe(key, "string or list of strings", fallback.isEmpty() ? "[]"
        : ConfigSchema.quoted(String.join(", ", fallback)));
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
    describe(key, "[number, number]", "[" + ConfigSchema.number(low) + ", "
        + ConfigSchema.number(high) + "]");
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
    describe(key, "string: " + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ")), fallback == null ? ConfigSchema.REQUIRED
        : ConfigSchema.quoted(fallback.name().toLowerCase(Locale.ROOT)));
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
    describe(key, "object", ConfigSchema.REQUIRED);
    if (documenting()) {
      return child(Json.object(), key);
    }
    return required(key).map(n -> child(n, key))
        .orElseGet(() -> new JsonFields(MissingNode.getInstance(), path(key), reading,
            Optional.of(this), key));
  }

  /** A required nested object read by {@code reader}; null when missing or invalid. */
  public <T> T object(String key, Function<JsonFields, T> reader) {
    describe(key, "object", ConfigSchema.REQUIRED);
    if (documenting()) {
      return reader.apply(child(Json.object(), key));
    }
    return required(key).map(n -> reader.apply(child(n, key))).orElse(null);
  }

  /** An optional nested object read by {@code reader}; {@code fallback} when absent. */
  public <T> T object(String key, Function<JsonFields, T> reader, T fallback) {
    describe(key, "object", ConfigSchema.NONE);
    if (documenting()) {
      reader.apply(child(Json.object(), key));
      return fallback;
    }
    return value(key).map(n -> reader.apply(child(n, key))).orElse(fallback);
  }

  /**
   * A required list of objects, each read by {@code reader}; the valid ones (the invalid are
   * reported).
   */
  public <T> List<T> list(String key, Function<JsonFields, T> reader) {
    describe(key, "list of objects", ConfigSchema.REQUIRED);
    return objects(key, reader);
  }

  /** An optional list of objects, each read by {@code reader}; empty when absent. */
  public <T> List<T> list(String key, Function<JsonFields, T> reader, List<T> fallback) {
    describe(key, "list of objects", "[]");
    if (!documenting() && !has(key)) {
      value(key);
      return fallback;
    }
    return objects(key, reader);
  }

  private <T> List<T> objects(String key, Function<JsonFields, T> reader) {
    List<T> out = new ArrayList<>();
    if (documenting()) {
      reader.apply(child(Json.object(), key + "[]"));
      return out;
    }
    required(key).filter(n -> expect(key, n, n.isArray(), "a list of objects")).ifPresent(n -> {
      for (int i = 0; i < n.size(); i++) {
        Optional.ofNullable(reader.apply(open(n.get(i), path(key) + "[" + i + "]", reading,
                Optional.of(this), key + "[]")))
            .ifPresent(out::add);
      }
    });
    return out;
  }

  private JsonFields child(JsonNode n, String key) {
    return open(n, path(key), reading, Optional.of(this), key);
  }

  private static JsonFields open(JsonNode n, String at, Reading reading,
      Optional<JsonFields> parent, String keyInParent) {
    boolean object = n.isObject();
    if (!object) {
      reading.problems().check(false, at, "expected a JSON object, got "
          + (n.isMissingNode() ? "an empty document" : shown(n)));
    }
    return new JsonFields(object ? n : MissingNode.getInstance(), at, reading, parent,
        keyInParent);
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
    if (!present() || documenting()) {
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
