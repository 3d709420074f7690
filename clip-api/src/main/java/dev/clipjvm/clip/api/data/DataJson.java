package dev.clipjvm.clip.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.json.JsonFields;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;

/**
 * The JSON form of the data descriptions, with open_clip-style snake_case keys. The {@code parse}
 * methods return every {@link Problem} at once (wrong types, missing or unknown keys, invalid
 * values), each with its key path, or the value; the {@code read} methods throw them as an
 * {@link InvalidConfigException}. Writing then reading gives an equal value.
 *
 * <pre>{@code
 * {"source": {"type": "webdataset", "shards": ["data/shard-{00000..00099}.tar"]},
 *  "image_size": 224, "augmentation": {"type": "random_resized_crop", "scale": [0.9, 1.0]},
 *  "shuffle_buffer": 1000, "max_bad_fraction": 0.05}
 * }</pre>
 */
public final class DataJson {
  private DataJson() {}

  /** Parses a {@link DataConfig}. */
  public static Validation<Seq<Problem>, DataConfig> parseConfig(String json) {
    return Json.parse(json).flatMap(tree -> JsonFields.read(tree, DataReaders::config));
  }

  /** Parses a {@link DataPipeline}; it must be runnable. */
  public static Validation<Seq<Problem>, DataPipeline> parsePipeline(String json) {
    return Json.parse(json).flatMap(DataJson::parsePipeline);
  }

  private static Validation<Seq<Problem>, DataPipeline> parsePipeline(JsonNode tree) {
    return JsonFields.read(tree, DataReaders::pipeline).flatMap(p -> p.runProblems().isEmpty()
        ? Validation.valid(p) : Validation.invalid(p.runProblems()));
  }

  /** Parses a {@link DataPosition}. */
  public static Validation<Seq<Problem>, DataPosition> parsePosition(String json) {
    return Json.parse(json).flatMap(tree -> JsonFields.read(tree, DataReaders::position));
  }

  /** {@link #parseConfig}, throwing the problems. */
  public static DataConfig readConfig(String json) {
    return Problems.orThrow(parseConfig(json), "");
  }

  /** {@link #parsePipeline}, throwing the problems. */
  public static DataPipeline readPipeline(String json) {
    return Problems.orThrow(parsePipeline(json), "");
  }

  /** {@link #parsePosition}, throwing the problems. */
  public static DataPosition readPosition(String json) {
    return Problems.orThrow(parsePosition(json), "");
  }

  /**
   * A reader of a {@link DataConfig} object for larger documents (the {@code data} of an
   * experiment): reports into {@code fields}' collector, null if invalid.
   */
  public static DataConfig config(JsonFields fields) {
    return DataReaders.config(fields);
  }

  /** A reader of a {@link DataPosition} object for larger documents (a checkpoint's state). */
  public static DataPosition position(JsonFields fields) {
    return DataReaders.position(fields);
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
}
