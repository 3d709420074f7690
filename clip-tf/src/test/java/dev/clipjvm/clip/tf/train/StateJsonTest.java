package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateJsonTest {
  @TempDir Path dir;

  private static final DataPosition MIXED = new DataPosition(41,
      List.of(new DataPosition.Part(2, 7), new DataPosition.Part(0, 19)));

  @Test
  void writesSnakeCaseKeysAndRoundTripsTheStreamPositionInDataJsonForm() throws IOException {
    CheckpointState state = new CheckpointState(5, "{\"name\": \"x\"}", "vocab/merges.txt", 40,
        Optional.of(MIXED), Map.of("loss", 1.25));
    StateJson.write(Checkpoints.stateFile(dir), state);

    assertThat(Checkpoints.readState(dir)).isEqualTo(state);
    JsonNode json = Json.mapper().readTree(Checkpoints.stateFile(dir).toFile());
    assertThat(json.fieldNames()).toIterable().containsExactly("step", "experiment",
        "vocabulary", "data_position", "stream_position", "extra");
    assertThat(json.get("data_position").asLong()).isEqualTo(40);
    assertThat(json.get("stream_position").toString())
        .isEqualTo("{\"draws\":41,\"parts\":[{\"epoch\":2,\"consumed\":7},"
            + "{\"epoch\":0,\"consumed\":19}]}");
  }

  @Test
  void aStateWithoutStreamPositionHasNoKeyForIt() throws IOException {
    StateJson.write(Checkpoints.stateFile(dir),
        new CheckpointState(2, "{}", "none", 12, Map.of()));

    JsonNode json = Json.mapper().readTree(Checkpoints.stateFile(dir).toFile());
    assertThat(json.has("stream_position")).isFalse();
    assertThat(Checkpoints.readState(dir).streamPosition()).isEmpty();
  }

  @Test
  void readsAStateWrittenBeforeStreamPositionsWereRecorded() throws IOException {
    // The exact form earlier versions wrote (Jackson's record binding, indented).
    Files.writeString(Checkpoints.stateFile(dir), """
        {
          "step" : 4,
          "experiment" : "{}",
          "vocabulary" : "/runs/a/vocab/merges.txt",
          "dataPosition" : 32,
          "extra" : { }
        }""");

    assertThat(Checkpoints.readState(dir)).isEqualTo(new CheckpointState(4, "{}",
        "/runs/a/vocab/merges.txt", 32, Optional.empty(), Map.of()));
  }

  @Test
  void readsACamelCaseStateWithAStreamPositionAsEarlierVersionsWroteIt() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {
          "step" : 5,
          "experiment" : "{}",
          "vocabulary" : "v",
          "dataPosition" : 40,
          "streamPosition" : {"draws" : 41, "parts" : [ {"epoch" : 2, "consumed" : 7},
            {"epoch" : 0, "consumed" : 19} ]},
          "extra" : { "loss" : 1.25 }
        }""");

    assertThat(Checkpoints.readState(dir)).isEqualTo(new CheckpointState(5, "{}", "v", 40,
        Optional.of(MIXED), Map.of("loss", 1.25)));
  }

  @Test
  void aStateGivingBothSpellingsOfAKeyIsRejected() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {"step": 4, "experiment": "{}", "vocabulary": "v", "data_position": 32,
         "dataPosition": 32, "extra": {}}""");

    assertThatThrownBy(() -> Checkpoints.readState(dir))
        .hasMessage(Checkpoints.stateFile(dir)
            + ": dataPosition: an old spelling of data_position, which is also given");
  }

  @Test
  void aCorruptStreamPositionFailsNamingTheFileAndEveryBadKey() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {"step": 4, "experiment": "{}", "vocabulary": "v", "dataPosition": 32,
         "streamPosition": {"draws": -1, "parts": [{"epoch": 0}]}, "extra": {}, "rank": 0}""");

    assertThatThrownBy(() -> Checkpoints.readState(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(Checkpoints.stateFile(dir) + ": ")
        .hasMessageContaining("rank: unknown key (known here: ")
        .hasMessageContaining("streamPosition.parts[0].consumed")
        .hasMessageContaining("streamPosition.draws");
  }

  @Test
  void aStreamPositionThatIsNotAnObjectFailsNamingTheKey() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {"step": 4, "experiment": "{}", "vocabulary": "v", "dataPosition": "32",
         "streamPosition": 7, "extra": {}}""");

    assertThatThrownBy(() -> Checkpoints.readState(dir))
        .hasMessageContaining("state.json: ")
        .hasMessageContaining("dataPosition: expected an integer, got \"32\"")
        .hasMessageContaining("streamPosition: expected a JSON object, got 7");
  }

  @Test
  void roundTripsEveryRanksStreamPositionInRankOrder() throws IOException {
    DataPosition other = new DataPosition(40, List.of(new DataPosition.Part(2, 6),
        new DataPosition.Part(0, 19)));
    CheckpointState state = new CheckpointState(5, "{}", "v", 80, Optional.of(MIXED),
        Map.of("world_size", 2.0)).withRankPositions(List.of(MIXED, other));
    StateJson.write(Checkpoints.stateFile(dir), state);

    assertThat(Checkpoints.readState(dir)).isEqualTo(state);
    JsonNode json = Json.mapper().readTree(Checkpoints.stateFile(dir).toFile());
    assertThat(json.get("rank_stream_positions")).hasSize(2);
    assertThat(json.get("rank_stream_positions").get(1).toString())
        .isEqualTo("{\"draws\":40,\"parts\":[{\"epoch\":2,\"consumed\":6},"
            + "{\"epoch\":0,\"consumed\":19}]}");
  }

  @Test
  void readsADataParallelStateWrittenBeforePerRankPositionsWereRecorded() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {"step": 5, "experiment": "{}", "vocabulary": "v", "data_position": 80,
         "stream_position": {"draws": 41, "parts": [{"epoch": 2, "consumed": 7},
           {"epoch": 0, "consumed": 19}]}, "extra": {"world_size": 2}}""");

    CheckpointState state = Checkpoints.readState(dir);
    assertThat(state.streamPosition()).contains(MIXED);
    assertThat(state.rankPositions()).isEmpty();
  }

  @Test
  void perRankPositionsThatDisagreeWithTheWorldSizeFailNamingTheKey() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {"step": 5, "experiment": "{}", "vocabulary": "v", "data_position": 80,
         "rank_stream_positions": [{"draws": 1, "parts": [{"epoch": 0, "consumed": 1}]}],
         "extra": {"world_size": 2}}""");

    assertThatThrownBy(() -> Checkpoints.readState(dir))
        .hasMessage(Checkpoints.stateFile(dir) + ": rank_stream_positions: 1 positions, but "
            + "extra.world_size is 2.0 workers");
  }
}
