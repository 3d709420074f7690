package dev.clipjvm.clip.api.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.JsonFields;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problems;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON form of the data descriptions, with open_clip-style snake_case keys. Reading reports
 * every problem at once (wrong types, missing or unknown keys, invalid values), each with its
 * path, as an {@link InvalidConfigException}; writing then reading gives an equal value.
 *
 * <pre>{@code
 * {"source": {"type": "webdataset", "shards": ["data/shard-{00000..00099}.tar"]},
 *  "image_size": 224, "augmentation": {"type": "random_resized_crop", "scale": [0.9, 1.0]},
 *  "shuffle_buffer": 1000, "max_bad_fraction": 0.05}
 * }</pre>
 */
public final class DataJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DataJson() {}

  /** Reads a {@link DataConfig} from JSON text. */
  public static DataConfig readConfig(String json) {
    return read(parse(json), DataReaders::config);
  }

  /** Reads a {@link DataConfig} from a JSON tree (e.g. the {@code data} part of an experiment). */
  public static DataConfig readConfig(JsonNode node) {
    return read(node, DataReaders::config);
  }

  /** Reads a {@link DataPipeline} from JSON text; it must be runnable. */
  public static DataPipeline readPipeline(String json) {
    return readPipeline(parse(json));
  }

  /** Reads a {@link DataPipeline} from a JSON tree; it must be runnable. */
  public static DataPipeline readPipeline(JsonNode node) {
    return read(node, DataReaders::pipeline).requireRunnable();
  }

  /** Reads a {@link SourceConfig} from JSON text. */
  public static SourceConfig readSource(String json) {
    return read(parse(json), DataReaders::source);
  }

  /** Reads a {@link DataPosition} from a JSON tree. */
  public static DataPosition readPosition(JsonNode node) {
    return read(node, DataReaders::position);
  }

  /** Reads a {@link DataPosition} from JSON text. */
  public static DataPosition readPosition(String json) {
    return read(parse(json), DataReaders::position);
  }

  private static <T> T read(JsonNode node, Function<JsonFields, T> reader) {
    Problems problems = new Problems();
    T value = reader.apply(JsonFields.root(node, problems, JsonFields.Dialect.DATA));
    List<String> found = problems.list();
    if (!found.isEmpty() || value == null) {
      throw new InvalidConfigException(found.isEmpty() ? List.of("(root): invalid") : found);
    }
    return value;
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(List.of("(root): not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr()));
    }
  }

  /** The JSON tree of a data configuration. */
  public static ObjectNode toJson(DataConfig c) {
    return DataWriters.config(c);
  }

  /** The JSON tree of a pipeline. */
  public static ObjectNode toJson(DataPipeline p) {
    return DataWriters.pipeline(p);
  }

  /** The JSON tree of a source. */
  public static ObjectNode toJson(SourceConfig s) {
    return DataWriters.source(s);
  }

  /** The JSON tree of a position. */
  public static ObjectNode toJson(DataPosition p) {
    return DataWriters.position(p);
  }

  /** Compact JSON text of a tree. */
  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Indented JSON text of a tree. */
  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
