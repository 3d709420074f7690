package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Edits of a JSON configuration given on the command line as {@code KEY=VALUE}
 * ({@code --set training.steps=200}), applied to the tree before it is read, so an edited value
 * is validated exactly like one in the file. {@code KEY} is a dotted key path with list indices
 * ({@code evaluation.tasks[1].images.count}); missing objects on the way are created. {@code
 * VALUE} is read as JSON when it is JSON (numbers, {@code true}, {@code [1, 2]}, {@code
 * "quoted"}) and as a plain string otherwise. Problems about an edited key name the edit.
 */
public final class Overrides {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_]+)((?:\\[\\d{1,9}])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  private final List<Edit> edits;

  /**
   * One {@code KEY=VALUE}.
   *
   * @param key the key path as given
   * @param value the value as JSON
   * @param given the whole argument, for messages
   */
  private record Edit(String key, JsonNode value, String given) {}

  private Overrides(List<Edit> edits) {
    this.edits = edits;
  }

  /** No edits. */
  public static Overrides none() {
    return new Overrides(List.empty());
  }

  /** {@link #parse}, throwing every malformed argument as one {@link InvalidConfigException}. */
  public static Overrides read(java.util.List<String> args) {
    return Problems.orThrow(parse(args), "");
  }

  /** Parses {@code KEY=VALUE} arguments: every malformed one is a problem. */
  public static Validation<Seq<Problem>, Overrides> parse(java.util.List<String> args) {
    List<Problem> problems = List.empty();
    List<Edit> edits = List.empty();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String key = eq < 0 ? arg : arg.substring(0, eq).strip();
      if (eq < 0 || !validKey(key)) {
        problems = problems.append(new Problem("", "--set " + arg + ": expected KEY=VALUE with "
            + "KEY a dotted key path such as training.steps or evaluation.tasks[0].name"));
        continue;
      }
      edits = edits.append(new Edit(key, value(arg.substring(eq + 1)), arg));
    }
    return problems.isEmpty() ? Validation.valid(new Overrides(edits))
        : Validation.invalid(problems);
  }

  private static boolean validKey(String key) {
    for (String part : key.split("\\.", -1)) {
      if (!SEGMENT.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  /** The value as JSON when it is JSON, else as a string ({@code runs/demo}, {@code fp32}). */
  private static JsonNode value(String text) {
    JsonNode parsed = Json.parse(text).getOrElse(Json.mapper().missingNode());
    return parsed.isMissingNode() ? Json.mapper().getNodeFactory().textNode(text) : parsed;
  }

  /** The key paths edited ({@code tasks[0].name} as given). */
  public Set<String> keys() {
    return edits.map(Edit::key).toJavaSet();
  }

  /** {@code tree} with every edit applied in order, or a problem per edit that cannot apply. */
  public Validation<Seq<Problem>, JsonNode> apply(JsonNode tree) {
    JsonNode out = tree.deepCopy();
    List<Problem> problems = List.empty();
    for (Edit e : edits) {
      String wrong = set(out, e);
      if (!wrong.isEmpty()) {
        problems = problems.append(new Problem("", "--set " + e.given() + ": " + wrong));
      }
    }
    return problems.isEmpty() ? Validation.valid(out) : Validation.invalid(problems);
  }

  /** Applies one edit; returns what is wrong, or "" when it applied. */
  private static String set(JsonNode root, Edit e) {
    if (!root.isObject()) {
      return "the configuration is not a JSON object";
    }
    JsonNode at = root;
    String walked = "";
    String[] parts = e.key().split("\\.");
    for (int p = 0; p < parts.length; p++) {
      Matcher m = SEGMENT.matcher(parts[p]);
      m.matches();
      String name = m.group(1);
      java.util.List<Integer> indices = INDEX.matcher(m.group(2)).results()
          .map(r -> Integer.parseInt(r.group(1))).collect(Collectors.toList());
      walked = walked.isEmpty() ? name : walked + "." + name;
      boolean last = p == parts.length - 1;
      ObjectNode object = (ObjectNode) at;
      if (last && indices.isEmpty()) {
        object.set(name, e.value());
        return "";
      }
      JsonNode next = object.get(name);
      if (indices.isEmpty()) {
        if (next == null || next.isNull()) {
          next = object.putObject(name);
        } else if (!next.isObject()) {
          return walked + " is " + next.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object";
        }
        at = next;
        continue;
      }
      for (int i = 0; i < indices.size(); i++) {
        int index = indices.get(i);
        if (next == null || !next.isArray()) {
          return walked + " is not a list";
        }
        if (index >= next.size()) {
          return walked + " has " + next.size() + " elements, so no [" + index + "]";
        }
        walked += "[" + index + "]";
        if (last && i == indices.size() - 1) {
          ((ArrayNode) next).set(index, e.value());
          return "";
        }
        next = next.get(index);
      }
      if (!next.isObject()) {
        return walked + " is " + next.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object";
      }
      at = next;
    }
    return "";
  }

  /**
   * {@code problems} with each problem about an edited key (the key, a key below it or the
   * object holding it) saying which edit set it.
   */
  public Seq<Problem> attribute(Seq<Problem> problems) {
    return problems.map(p -> edits.filter(e -> p.path().equals(e.key())
            || p.path().startsWith(e.key() + ".") || p.path().startsWith(e.key() + "["))
        .lastOption().map(e -> new Problem(p.path(), p.message() + " (from --set " + e.given()
            + ")")).getOrElse(p));
  }
}
