package dev.clipjvm.clip.tf.zeroshot;

import dev.clipjvm.clip.data.source.SourceFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The markdown of OpenAI's published prompt data ({@code data/prompts.md} of openai/CLIP): a
 * {@code ## Name} heading per dataset, then Python list literals, one item a line:
 *
 * <pre>
 * classes = [
 *     'apple',
 *     ['happy', 'smiling'],
 * ]
 * templates = [
 *     'a photo of a {}.',
 * ]
 * </pre>
 *
 * Items are single- or double-quoted Python strings (backslash escapes the next character); a
 * class may be a list of names. Nothing is evaluated.
 */
final class MarkdownPrompts {
  private MarkdownPrompts() {}

  /** One dataset's classes and templates. */
  record Section(List<ZeroShotClass> classes, List<String> templates) {}

  /** Every dataset of {@code text}, by heading, in file order. */
  static Map<String, Section> parse(Path file, String text) throws SourceFormatException {
    Map<String, Section> out = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    String name = null;
    List<ZeroShotClass> classes = null;
    List<String> templates = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("## ")) {
        add(file, out, name, classes, templates);
        name = line.substring(3).strip();
        classes = null;
        templates = null;
      } else if (name != null && line.matches("(classes|templates)\\s*=\\s*\\[")) {
        List<List<String>> items = new ArrayList<>();
        int start = i;
        for (i++; i < lines.size() && !lines.get(i).strip().equals("]"); i++) {
          String item = lines.get(i).strip();
          if (!item.isEmpty()) {
            items.add(strings(file, i + 1, item));
          }
        }
        if (i == lines.size()) {
          throw new SourceFormatException(file + " line " + (start + 1) + ": the list of " + name
              + " is not closed by a line ']'");
        }
        if (line.startsWith("classes")) {
          classes = new ArrayList<>();
          for (List<String> names : items) {
            classes.add(new ZeroShotClass(names.get(0), names));
          }
        } else {
          templates = items.stream().map(names -> names.get(0)).toList();
        }
      }
    }
    add(file, out, name, classes, templates);
    if (out.isEmpty()) {
      throw new SourceFormatException(file + " holds no '## Dataset' section with classes and "
          + "templates lists");
    }
    return out;
  }

  private static void add(Path file, Map<String, Section> out, String name,
      List<ZeroShotClass> classes, List<String> templates) throws SourceFormatException {
    if (name == null || (classes == null && templates == null)) {
      return; // prose sections
    }
    if (classes == null || templates == null || classes.isEmpty() || templates.isEmpty()) {
      throw new SourceFormatException(file + ": section '" + name + "' needs non-empty "
          + "classes and templates lists");
    }
    out.put(name, new Section(List.copyOf(classes), List.copyOf(templates)));
  }

  /** The quoted strings of one item line: {@code 'a',} or {@code ['a', "b's"],}. */
  private static List<String> strings(Path file, int lineNo, String item)
      throws SourceFormatException {
    List<String> out = new ArrayList<>();
    boolean list = item.startsWith("[");
    int i = list ? 1 : 0;
    while (i < item.length()) {
      char c = item.charAt(i);
      if (c == '\'' || c == '"') {
        StringBuilder s = new StringBuilder();
        int j = i + 1;
        while (j < item.length() && item.charAt(j) != c) {
          if (item.charAt(j) == '\\' && j + 1 < item.length()) {
            j++;
          }
          s.append(item.charAt(j++));
        }
        if (j == item.length()) {
          throw new SourceFormatException(file + " line " + lineNo + ": unterminated string in "
              + item);
        }
        out.add(s.toString());
        i = j + 1;
        if (!list) {
          break;
        }
      } else if (c == ',' || c == ' ' || (list && c == ']')) {
        i++;
      } else {
        throw new SourceFormatException(file + " line " + lineNo + ": expected a quoted string, "
            + "got " + item);
      }
    }
    if (out.isEmpty() || out.stream().anyMatch(String::isBlank)) {
      throw new SourceFormatException(file + " line " + lineNo + ": expected a non-blank "
          + "quoted string, got " + item);
    }
    return out;
  }
}
