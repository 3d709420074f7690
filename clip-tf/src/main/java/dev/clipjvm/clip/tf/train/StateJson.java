package dev.clipjvm.clip.tf.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.DataJson;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of a {@link CheckpointState} ({@code state.json}): {@code step}, {@code
 * experiment}, {@code vocabulary}, {@code dataPosition}, the optional {@code streamPosition}
 * (clip-api's data-position JSON, {@code {"draws": .., "parts": [{"epoch": .., "consumed":
 * ..}]}}) and {@code extra}. Files written before the stream position was recorded have no
 * {@code streamPosition} and still read. Reading reports every problem at once, each with its key,
 * under the file's path.
 */
final class StateJson {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final Set<String> KEYS =
      Set.of("step", "experiment", "vocabulary", "dataPosition", "streamPosition", "extra");

  private StateJson() {}

  /** Writes {@code state} to {@code file}. */
  static void write(Path file, CheckpointState state) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("step", state.step());
    o.put("experiment", state.experiment());
    o.put("vocabulary", state.vocabulary());
    o.put("dataPosition", state.dataPosition());
    state.streamPosition().ifPresent(p -> o.set("streamPosition", DataJson.toJson(p)));
    ObjectNode extra = o.putObject("extra");
    state.extra().forEach(extra::put);
    JSON.writeValue(file.toFile(), o);
  }

  /** Reads the state in {@code file}; bad content fails naming the file and every bad key. */
  static CheckpointState read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a JSON object");
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        problems.add(k + ": unknown key");
      }
    });
    long step = count(root, "step", problems);
    String experiment = text(root, "experiment", problems);
    String vocabulary = text(root, "vocabulary", problems);
    long dataPosition = count(root, "dataPosition", problems);
    Optional<DataPosition> stream = Optional.empty();
    JsonNode s = root.get("streamPosition");
    if (s != null && !s.isObject()) {
      problems.add("streamPosition: expected an object {\"draws\": .., \"parts\": [..]}, got "
          + s);
    } else if (s != null) {
      try {
        stream = Optional.of(DataJson.readPosition(s));
      } catch (InvalidConfigException e) {
        problems.addAll(e.under("streamPosition").problems());
      }
    }
    Map<String, Double> extra = new LinkedHashMap<>();
    JsonNode e = root.get("extra");
    if (e == null || !e.isObject()) {
      problems.add("extra: expected an object of numbers");
    } else {
      e.fields().forEachRemaining(f -> {
        if (f.getValue().isNumber()) {
          extra.put(f.getKey(), f.getValue().asDouble());
        } else {
          problems.add("extra." + f.getKey() + ": expected a number, got " + f.getValue());
        }
      });
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
    }
    return new CheckpointState(step, experiment, vocabulary, dataPosition, stream, extra);
  }

  private static long count(JsonNode root, String key, List<String> problems) {
    JsonNode n = root.get(key);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
      problems.add(key + ": expected a non-negative integer, got " + n);
      return 0;
    }
    return n.asLong();
  }

  private static String text(JsonNode root, String key, List<String> problems) {
    JsonNode n = root.get(key);
    if (n == null || !n.isTextual()) {
      problems.add(key + ": expected a string, got " + n);
      return "";
    }
    return n.asText();
  }
}
