package dev.clipjvm.clip.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the fields of one JSON object, collecting every problem (wrong type, missing key,
 * unknown key, invalid value) with its full path instead of stopping at the first.
 */
final class JsonFields {
  private final JsonNode node;
  private final String path;
  private final List<String> problems;
  private final Set<String> used = new HashSet<>();

  JsonFields(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    if (!node.isObject()) {
      problems.add(where() + ": expected a JSON object, got " + node.getNodeType());
    }
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String where() {
    return path.isEmpty() ? "(root)" : path;
  }

  void problem(String key, String message) {
    problems.add(path(key) + ": " + message);
  }

  Optional<JsonNode> optional(String key) {
    used.add(key);
    JsonNode v = node.isObject() ? node.get(key) : null;
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  Optional<JsonNode> required(String key) {
    Optional<JsonNode> v = optional(key);
    if (v.isEmpty() && node.isObject()) {
      problem(key, "missing");
    }
    return v;
  }

  long integer(String key, long fallback) {
    return optional(key).map(v -> toLong(key, v, fallback)).orElse(fallback);
  }

  int int32(String key, int fallback) {
    long v = integer(key, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      problem(key, v + " does not fit in a 32-bit integer");
      return fallback;
    }
    return (int) v;
  }

  long requiredInteger(String key) {
    return required(key).map(v -> toLong(key, v, 0L)).orElse(0L);
  }

  private long toLong(String key, JsonNode v, long fallback) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    problem(key, "expected an integer, got " + v);
    return fallback;
  }

  double number(String key, double fallback) {
    return optional(key).map(v -> {
      if (v.isNumber()) {
        return v.asDouble();
      }
      problem(key, "expected a number, got " + v);
      return fallback;
    }).orElse(fallback);
  }

  boolean bool(String key, boolean fallback) {
    return optional(key).map(v -> {
      if (v.isBoolean()) {
        return v.asBoolean();
      }
      problem(key, "expected true or false, got " + v);
      return fallback;
    }).orElse(fallback);
  }

  String text(String key, String fallback) {
    return optional(key).map(v -> toText(key, v, fallback)).orElse(fallback);
  }

  String requiredText(String key) {
    return required(key).map(v -> toText(key, v, "")).orElse("");
  }

  private String toText(String key, JsonNode v, String fallback) {
    if (v.isTextual()) {
      return v.asText();
    }
    problem(key, "expected a string, got " + v);
    return fallback;
  }

  /** A list of strings; a single string is read as a one-element list. */
  List<String> texts(String key, boolean required) {
    Optional<JsonNode> v = required ? required(key) : optional(key);
    List<String> out = new ArrayList<>();
    v.ifPresent(n -> {
      if (n.isTextual()) {
        out.add(n.asText());
      } else if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          if (n.get(i).isTextual()) {
            out.add(n.get(i).asText());
          } else {
            problems.add(path(key) + "[" + i + "]: expected a string, got " + n.get(i));
          }
        }
      } else {
        problem(key, "expected a string or a list of strings, got " + n);
      }
    });
    return out;
  }

  /** A [low, high] pair of numbers. */
  double[] pair(String key, double low, double high) {
    return optional(key).map(n -> {
      if (n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber()) {
        return new double[] {n.get(0).asDouble(), n.get(1).asDouble()};
      }
      problem(key, "expected [low, high], got " + n);
      return new double[] {low, high};
    }).orElse(new double[] {low, high});
  }

  /** Reads a nested value with {@code reader}, whose problems carry the nested path. */
  <T> Optional<T> nested(String key, boolean required, Function<JsonFields, T> reader) {
    Optional<JsonNode> v = required ? required(key) : optional(key);
    return v.flatMap(n -> Optional.ofNullable(reader.apply(new JsonFields(n, path(key), problems))));
  }

  /** Reports keys that were never read, so typos fail loudly. */
  void rejectUnknown() {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!used.contains(key)) {
        problem(key, "unknown key (known here: " + String.join(", ", new java.util.TreeSet<>(used))
            + ")");
      }
    }
  }

  /**
   * Builds a record unless reading already failed; its validation problems are reported under
   * this object's path. Returns null when it could not be built.
   */
  <T> T build(int problemsBefore, Supplier<T> construct) {
    rejectUnknown();
    boolean clean = problems.size() == problemsBefore;
    List<String> reported = problems.subList(problemsBefore, problems.size()).stream()
        .map(p -> p.substring(0, p.indexOf(": "))).toList();
    try {
      T value = construct.get();
      return clean ? value : null;
    } catch (InvalidConfigException e) {
      for (String p : (path.isEmpty() ? e : e.under(path)).problems()) {
        String at = p.substring(0, p.indexOf(": "));
        // A field whose reading already failed (null or fallback value) is not reported twice.
        if (reported.stream().noneMatch(r -> r.equals(at) || r.startsWith(at + ".")
            || r.startsWith(at + "["))) {
          problems.add(p);
        }
      }
      return null;
    }
  }

  int problemCount() {
    return problems.size();
  }

  List<String> problems() {
    return problems;
  }
}
