package dev.clipjvm.clip.tf.zeroshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.source.SourceFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Class names and prompt templates from files: plain text (one entry per line, blank lines
 * ignored), JSON (a list of templates; an object {@code {folder_or_label: name or [names]}} of
 * classes), or the markdown of OpenAI's published prompt data ({@code ## Dataset} sections with
 * Python lists {@code classes = [...]} and {@code templates = [...]}, a class being a string or a
 * list of strings), chosen by {@code dataset}.
 */
public final class PromptFiles {
  /** Size limit of a prompt file: these are lists of names, not data. */
  private static final long MAX_BYTES = 4L << 20;

  private PromptFiles() {}

  /**
   * Classes read from a file, and how they attach to the data's labels.
   *
   * @param classes the classes in file order
   * @param keys for a JSON object, the folder name or label of each class; empty for a list
   *     (the {@code i}-th class is the {@code i}-th sorted folder or label id {@code i})
   */
  public record Classes(List<ZeroShotClass> classes, Optional<List<String>> keys) {}

  /** The templates of {@code file}: text, JSON list, or markdown with {@code dataset}. */
  public static List<String> templates(Path file, Optional<String> dataset) throws IOException {
    String text = read(file);
    if (isMarkdown(file, dataset)) {
      return section(file, text, dataset).templates();
    }
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      JsonNode node = json(file, text);
      if (!node.isArray()) {
        throw new SourceFormatException(file + ": templates in JSON must be a list of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode t : node) {
        out.add(string(file, t, "template"));
      }
      return nonEmpty(file, out, "templates");
    }
    return nonEmpty(file, lines(text), "templates");
  }

  /** The classes of {@code file}: text (one name per line), JSON object, or markdown. */
  public static Classes classes(Path file, Optional<String> dataset) throws IOException {
    String text = read(file);
    if (isMarkdown(file, dataset)) {
      return new Classes(section(file, text, dataset).classes(), Optional.empty());
    }
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      JsonNode node = json(file, text);
      if (!node.isObject()) {
        throw new SourceFormatException(file + ": classes in JSON must be an object "
            + "{\"folder_or_label\": \"class name\"}");
      }
      List<ZeroShotClass> classes = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        List<String> names = new ArrayList<>();
        if (e.getValue().isArray()) {
          for (JsonNode n : e.getValue()) {
            names.add(string(file, n, "name of " + e.getKey()));
          }
        } else {
          names.add(string(file, e.getValue(), "name of " + e.getKey()));
        }
        classes.add(klass(file, names));
        keys.add(e.getKey());
      }
      return new Classes(nonEmpty(file, classes, "classes"), Optional.of(keys));
    }
    List<ZeroShotClass> classes = nonEmpty(file, lines(text), "classes").stream()
        .map(ZeroShotClass::of).toList();
    return new Classes(classes, Optional.empty());
  }

  /** The dataset names of a markdown prompt file, in file order. */
  public static List<String> datasets(Path file) throws IOException {
    return List.copyOf(MarkdownPrompts.parse(file, read(file)).keySet());
  }

  private static MarkdownPrompts.Section section(Path file, String text,
      Optional<String> dataset) throws SourceFormatException {
    Map<String, MarkdownPrompts.Section> all = MarkdownPrompts.parse(file, text);
    if (dataset.isEmpty()) {
      throw new SourceFormatException(file + " holds the prompts of " + all.size() + " datasets; "
          + "name one with --dataset (" + String.join(", ", all.keySet()) + ")");
    }
    MarkdownPrompts.Section s = all.get(dataset.get());
    if (s == null) {
      throw new SourceFormatException(file + " has no dataset '" + dataset.get() + "' (it has "
          + String.join(", ", all.keySet()) + ")");
    }
    return s;
  }

  private static boolean isMarkdown(Path file, Optional<String> dataset) {
    return dataset.isPresent() || file.getFileName().toString().toLowerCase(Locale.ROOT)
        .endsWith(".md");
  }

  private static ZeroShotClass klass(Path file, List<String> names) throws SourceFormatException {
    if (names.isEmpty()) {
      throw new SourceFormatException(file + ": a class has no name");
    }
    return new ZeroShotClass(names.get(0), names);
  }

  private static String read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new SourceFormatException(file + " has " + size + " bytes, more than the "
          + MAX_BYTES + " a prompt file may have");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static JsonNode json(Path file, String text) throws SourceFormatException {
    var parsed = Json.parse(text);
    if (parsed.isInvalid()) {
      throw new SourceFormatException(file + ": " + parsed.getError().map(Object::toString)
          .mkString("; "));
    }
    return parsed.get();
  }

  private static String string(Path file, JsonNode node, String what)
      throws SourceFormatException {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new SourceFormatException(file + ": a " + what + " must be a non-blank "
          + "string, got " + node);
    }
    return node.asText();
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static <T> List<T> nonEmpty(Path file, List<T> items, String what)
      throws SourceFormatException {
    if (items.isEmpty()) {
      throw new SourceFormatException(file + " holds no " + what);
    }
    return List.copyOf(items);
  }
}
