package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.model.Problem;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The project's one JSON configuration: a strict {@link JsonMapper} (a duplicate key or
 * anything after the document is an error, unknown properties fail binding) used for every file
 * the library reads or writes, and the two text forms it writes: {@link #line} (one line, for
 * logs and {@code --json}) and {@link #pretty} (indented, for files people read).
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** Largest JSON file read (16 MiB): configurations and states are a few kilobytes. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private Json() {}

  /** The shared, strict mapper (thread-safe; do not reconfigure it). */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Parses JSON text into a tree; malformed text (including a duplicate key) is one {@link
   * Problem} at the key path where reading stopped, its message giving line and column.
   */
  public static Validation<Seq<Problem>, JsonNode> parse(String text) {
    try {
      return Validation.valid(MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      return Validation.invalid(List.of(problem(e)));
    }
  }

  /**
   * Reads and parses a file; a file that cannot be read, or larger than {@link #MAX_FILE_BYTES},
   * is a {@link Problem} too.
   */
  public static Validation<Seq<Problem>, JsonNode> parse(Path file) {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        return Validation.invalid(List.of(new Problem("", "the file has " + size
            + " bytes, above the limit of " + MAX_FILE_BYTES + " for a JSON document")));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Validation.invalid(List.of(new Problem("", "no such file")));
    } catch (IOException e) {
      return Validation.invalid(List.of(new Problem("", "cannot read the file: " + e)));
    }
    return parse(text);
  }

  private static Problem problem(JsonProcessingException e) {
    var at = e.getLocation();
    String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    String path = "";
    if (e instanceof StreamReadException r && r.getProcessor() != null) {
      path = path(r.getProcessor().getParsingContext());
    }
    String what = e.getOriginalMessage().replace("[Source: REDACTED (`StreamReadFeature"
        + ".INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
    return what.startsWith("Duplicate field")
        ? new Problem(path, "duplicate key (" + where + ")")
        : new Problem(path, where + ": malformed JSON: " + what);
  }

  /** The dotted key path of a parser position ({@code vision_cfg.layers[2]}). */
  private static String path(JsonStreamContext context) {
    StringBuilder out = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      String part = c.inArray() ? "[" + Math.max(c.getCurrentIndex(), 0) + "]"
          : c.getCurrentName() == null ? "" : c.getCurrentName();
      String sep = out.length() == 0 || out.charAt(0) == '[' || part.isEmpty() ? "" : ".";
      out.insert(0, part + sep);
    }
    return out.toString();
  }

  /** The tree as one line of JSON text. */
  public static String line(JsonNode tree) {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** The tree as indented JSON text ending with a line separator. */
  public static String pretty(JsonNode tree) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
