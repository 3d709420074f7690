package dev.clipjvm.clip.tf.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.DataJson;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.json.JsonFields;
import dev.clipjvm.clip.api.model.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of a {@link CheckpointState} ({@code state.json}): {@code step}, {@code
 * experiment}, {@code vocabulary}, {@code data_position}, the optional {@code stream_position}
 * (clip-api's data-position JSON, {@code {"draws": .., "parts": [{"epoch": .., "consumed":
 * ..}]}}), in a data-parallel run {@code rank_stream_positions} (every rank's, in rank order)
 * and {@code extra}. Files written by earlier versions, with the camelCase keys {@code
 * dataPosition} and {@code streamPosition} (or without a stream position), still read. Reading
 * reports every problem at once, each with its key, after the file's path.
 */
final class StateJson {
  private static final String RANKS = "rank_stream_positions";
  /** The number of workers that wrote a data-parallel checkpoint, among the extra values. */
  static final String WORLD_SIZE = "world_size";

  private StateJson() {}

  /** Writes {@code state} to {@code file}. */
  static void write(Path file, CheckpointState state) throws IOException {
    ObjectNode o = Json.object();
    o.put("step", state.step());
    o.put("experiment", state.experiment());
    o.put("vocabulary", state.vocabulary());
    o.put("data_position", state.dataPosition());
    state.streamPosition().ifPresent(p -> o.set("stream_position", DataJson.toJson(p)));
    if (!state.rankPositions().isEmpty()) {
      ArrayNode ranks = o.putArray(RANKS);
      state.rankPositions().forEach(p -> ranks.add(DataJson.toJson(p)));
    }
    ObjectNode extra = o.putObject("extra");
    state.extra().forEach(extra::put);
    Files.writeString(file, Json.pretty(o), StandardCharsets.UTF_8);
  }

  /**
   * Reads the state in {@code file}; bad content is an {@link
   * dev.clipjvm.clip.api.model.InvalidConfigException} naming the file and every bad key.
   */
  static CheckpointState read(Path file) {
    return Problems.orThrow(Json.parse(file).flatMap(tree -> JsonFields.read(tree,
        StateJson::state)), file.toString());
  }

  private static CheckpointState state(JsonFields f) {
    long step = count(f, "step");
    String experiment = f.requiredText("experiment");
    String vocabulary = f.requiredText("vocabulary");
    long dataPosition = count(f, either(f, "data_position", "dataPosition"));
    String streamKey = either(f, "stream_position", "streamPosition");
    Optional<DataPosition> stream = Optional.ofNullable(
        f.object(streamKey, DataJson::position, null));
    List<DataPosition> ranks = f.has(RANKS) ? f.list(RANKS, DataJson::position) : List.of();
    Map<String, Double> extra = new LinkedHashMap<>();
    f.required("extra").ifPresent(e -> {
      if (!e.isObject()) {
        f.problem("extra", "expected a JSON object of numbers, got " + e);
      }
      e.fields().forEachRemaining(x -> {
        if (x.getValue().isNumber()) {
          extra.put(x.getKey(), x.getValue().doubleValue());
        } else {
          f.problem("extra." + x.getKey(), "expected a number, got " + x.getValue());
        }
      });
    });
    double world = extra.getOrDefault(WORLD_SIZE, (double) ranks.size());
    if (!ranks.isEmpty() && world != ranks.size()) {
      f.problem(RANKS, ranks.size() + " positions, but extra." + WORLD_SIZE + " is " + world
          + " workers");
    }
    return f.build(() -> new CheckpointState(step, experiment, vocabulary, dataPosition, stream,
        ranks, extra));
  }

  /** The snake_case key, or the camelCase one of files written before keys were snake_case. */
  private static String either(JsonFields f, String key, String old) {
    if (f.has(key) && f.has(old)) {
      f.value(old);
      f.problem(old, "an old spelling of " + key + ", which is also given");
    }
    return f.has(old) && !f.has(key) ? old : key;
  }

  private static long count(JsonFields f, String key) {
    long n = f.longInteger(key);
    if (n < 0) {
      f.problem(key, n + " must not be negative");
    }
    return Math.max(n, 0);
  }
}
