package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Reads and writes model and training configurations as JSON text or files. Reading reports
 * every problem at once in an {@link InvalidConfigException}, each as {@code "key.path:
 * message"}, prefixed by the file name when reading a file ({@code "m.json: vision_cfg.foo:
 * unknown key"}). Writing is pretty-printed and emits every field, so reading what was written
 * gives an equal record.
 */
public final class ConfigJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ConfigJson() {}

  /** Parses a model configuration (open_clip keys; see {@link ModelJson}). */
  public static ClipConfig readModel(String json) {
    return read(json, ModelJson::read, "");
  }

  /** Reads a model configuration file; problems are prefixed by the file name. */
  public static ClipConfig readModel(Path file) {
    return read(text(file), ModelJson::read, file + ": ");
  }

  /** Parses a training configuration (keys in {@link TrainingJson}). */
  public static TrainingConfig readTraining(String json) {
    return read(json, TrainingJson::read, "");
  }

  /** Reads a training configuration file; problems are prefixed by the file name. */
  public static TrainingConfig readTraining(Path file) {
    return read(text(file), TrainingJson::read, file + ": ");
  }

  /** The model configuration as pretty-printed JSON. */
  public static String write(ClipConfig config) {
    return print(ModelJson.write(config));
  }

  /** The training configuration as pretty-printed JSON. */
  public static String write(TrainingConfig config) {
    return print(TrainingJson.write(config));
  }

  /** Pretty-prints any JSON tree with this class's settings (for embedding in larger output). */
  public static String print(JsonNode tree) {
    try {
      return MAPPER.writeValueAsString(tree) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print a JSON tree", e);
    }
  }

  /**
   * Parses JSON text into a tree, reporting malformed input as an {@link
   * InvalidConfigException} with line and column.
   */
  public static JsonNode parse(String json, String prefix) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidConfigException(
          List.of(prefix + where + ": malformed JSON: " + e.getOriginalMessage()));
    }
  }

  private static <T> T read(String json, Function<JsonFields, T> reader, String prefix) {
    Problems problems = new Problems();
    T value = reader.apply(JsonFields.root(parse(json, prefix), problems));
    if (!problems.list().isEmpty()) {
      throw new InvalidConfigException(
          problems.list().stream().map(p -> prefix + p).toList());
    }
    return value;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }
}
