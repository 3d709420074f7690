package dev.clipjvm.clip.api.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys of a JSON configuration as its reader asks for them: path, type, default, and the
 * description the reader keeps next to its code ({@link JsonFields#document}). It is recorded by
 * running the reader itself in a documenting mode, once for every variant of every
 * discriminator ({@link JsonFields#variant}), so the reference cannot list a key the reader
 * does not read nor miss one it does. {@code api.experiment.ConfigurationReference} renders it
 * as Markdown.
 */
public final class ConfigSchema {
  /** The default shown for a key that must be given. */
  public static final String REQUIRED = "required";
  /** The default shown for an optional key without a value (such as no checkpoint). */
  public static final String NONE = "none";

  /**
   * The description of one key, with the type and default to show when the reader's own
   * (recorded from the accessor it calls) would mislead, such as a default computed from
   * another key.
   *
   * @param description what the key means and what values are accepted
   * @param type the type to show instead of the recorded one; empty: the recorded one
   * @param fallback the default to show instead of the recorded one; empty: the recorded one
   */
  public record Doc(String description, Optional<String> type, Optional<String> fallback) {
    /** A description; type and default as recorded. */
    public static Doc of(String description) {
      return new Doc(description, Optional.empty(), Optional.empty());
    }

    /** A description with the default to show. */
    public static Doc withDefault(String fallback, String description) {
      return new Doc(description, Optional.empty(), Optional.of(fallback));
    }

    /** A description with the type and default to show. */
    public static Doc of(String type, String fallback, String description) {
      return new Doc(description, Optional.of(type), Optional.of(fallback));
    }
  }

  /**
   * One key of the configuration.
   *
   * @param path the key path, {@code []} standing for any element of a list
   * @param variant the variant the key belongs to ({@code data.source (csv)}), empty for all
   * @param type the JSON type
   * @param fallback the default, or {@link #REQUIRED}
   * @param doc its description, empty when the reader has none (an error of the reference)
   */
  public record Key(String path, String variant, String type, String fallback,
      Optional<Doc> doc) {}

  private final Map<String, Key> keys = new LinkedHashMap<>();
  /** Discriminator path to its variant names, in the order first met. */
  private final Map<String, List<String>> discovered = new LinkedHashMap<>();
  private final List<Map<String, String>> pending = new ArrayList<>();
  private Map<String, String> choices = Map.of();
  /** The discriminators chosen in the current run, path to names. */
  private final Map<String, List<String>> active = new LinkedHashMap<>();

  private ConfigSchema() {}

  /** Records every key {@code reader} reads, running it once per variant. */
  public static ConfigSchema of(Function<JsonFields, ?> reader) {
    ConfigSchema s = new ConfigSchema();
    s.pending.add(Map.of());
    while (!s.pending.isEmpty()) {
      s.choices = s.pending.remove(0);
      s.active.clear();
      JsonFields.describe(reader, s);
    }
    return s;
  }

  /** Every key, in the order the reader first asked for it. */
  public List<Key> keys() {
    return List.copyOf(keys.values());
  }

  /** The keys without a description. */
  public List<Key> undocumented() {
    return keys.values().stream().filter(k -> k.doc().isEmpty()).toList();
  }

  /** Called by {@link JsonFields} for each key asked for; the first record of a key stays. */
  void record(String path, String variant, String type, String fallback, Optional<Doc> doc) {
    String id = variant + "|" + path;
    if (keys.containsKey(id)) {
      return;
    }
    boolean prose = fallback.equals(REQUIRED) || fallback.equals(NONE) || fallback.isEmpty();
    String shown = doc.flatMap(Doc::fallback).orElse(prose ? fallback : "`" + fallback + "`");
    keys.put(id, new Key(path, variant, doc.flatMap(Doc::type).orElse(type), shown, doc));
  }

  /**
   * The keys as Markdown: one table (key, type, default, description) for the top level, one
   * per top-level object, and one per variant of a discriminated object, in reading order.
   */
  public String markdown() {
    Map<String, List<Key>> groups = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (Key k : keys.values()) {
      String group = k.variant().isEmpty() ? topLevel(k.path()) : k.variant();
      if (!k.variant().isEmpty() || k.path().contains(".") || k.path().contains("[")) {
        order.add(top(group));
      }
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(k);
    }
    List<String> tops = order.stream().distinct().toList();
    StringBuilder out = new StringBuilder();
    groups.entrySet().stream()
        .sorted(java.util.Comparator.comparingInt(e -> e.getKey().isEmpty() ? -1
            : tops.indexOf(top(e.getKey()))))
        .forEach(e -> table(out, e.getKey(), e.getValue()));
    return out.toString();
  }

  private static String topLevel(String path) {
    return path.contains(".") || path.contains("[") ? top(path) : "";
  }

  private static String top(String path) {
    return path.split("[.\\[ ]", 2)[0];
  }

  private static void table(StringBuilder out, String group, List<Key> rows) {
    if (group.isEmpty()) {
      out.append("## The top level\n\n");
    } else if (group.endsWith(")")) {
      int open = group.lastIndexOf(" (");
      out.append("### `").append(group, 0, open).append("` with `\"type\": \"")
          .append(group, open + 2, group.length() - 1).append("\"`\n\n");
    } else {
      out.append("## `").append(group).append("`\n\n");
    }
    out.append("| key | type | default | description |\n|---|---|---|---|\n");
    for (Key k : rows) {
      out.append("| `").append(k.path()).append("` | ").append(k.type()).append(" | ")
          .append(k.fallback()).append(" | ")
          .append(k.doc().map(Doc::description).orElse("(undocumented)").replace("|", "\\|"))
          .append(" |\n");
    }
    out.append("\n");
  }

  /**
   * The variant to read at discriminator {@code path} in this run. A discriminator met for the
   * first time queues a run for each of its other variants. One nested in an object of the same
   * kind (a mixed source's parts are sources) is not explored again: it returns no variant.
   */
  String choose(String path, String... names) {
    List<String> all = List.of(names);
    boolean nested = active.entrySet().stream().anyMatch(e -> e.getValue().equals(all)
        && path.startsWith(objectOf(e.getKey()) + "."));
    if (nested) {
      return "";
    }
    active.put(path, all);
    if (!discovered.containsKey(path)) {
      discovered.put(path, all);
      for (String n : all.subList(1, all.size())) {
        Map<String, String> next = new LinkedHashMap<>(choices);
        next.put(path, n);
        pending.add(next);
      }
    }
    return choices.getOrDefault(path, names[0]);
  }

  /** The object holding discriminator {@code path} ({@code data.source} of its {@code type}). */
  static String objectOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** A default number as a person writes it ({@code 0.05}, {@code 1000}). */
  static String number(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
        : String.valueOf(v);
  }

  /** A default string as JSON writes it. */
  static String quoted(String s) {
    return Json.line(Json.mapper().getNodeFactory().textNode(s));
  }
}
