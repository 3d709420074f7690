package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.data.DataPosition;
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
  void roundTripsTheStreamPositionInDataJsonForm() throws IOException {
    CheckpointState state = new CheckpointState(5, "{\"name\": \"x\"}", "vocab/merges.txt", 40,
        Optional.of(MIXED), Map.of("loss", 1.25));
    StateJson.write(Checkpoints.stateFile(dir), state);

    assertThat(Checkpoints.readState(dir)).isEqualTo(state);
    JsonNode json = new ObjectMapper().readTree(Checkpoints.stateFile(dir).toFile());
    assertThat(json.get("dataPosition").asLong()).isEqualTo(40);
    assertThat(json.get("streamPosition").toString())
        .isEqualTo("{\"draws\":41,\"parts\":[{\"epoch\":2,\"consumed\":7},"
            + "{\"epoch\":0,\"consumed\":19}]}");
  }

  @Test
  void aStateWithoutStreamPositionHasNoKeyForIt() throws IOException {
    StateJson.write(Checkpoints.stateFile(dir),
        new CheckpointState(2, "{}", "none", 12, Map.of()));

    JsonNode json = new ObjectMapper().readTree(Checkpoints.stateFile(dir).toFile());
    assertThat(json.has("streamPosition")).isFalse();
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
  void aCorruptStreamPositionFailsNamingTheFileAndEveryBadKey() throws IOException {
    Files.writeString(Checkpoints.stateFile(dir), """
        {"step": 4, "experiment": "{}", "vocabulary": "v", "dataPosition": 32,
         "streamPosition": {"draws": -1, "parts": [{"epoch": 0}]}, "extra": {}, "rank": 0}""");

    assertThatThrownBy(() -> Checkpoints.readState(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(Checkpoints.stateFile(dir) + ": ")
        .hasMessageContaining("rank: unknown key")
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
        .hasMessageContaining("dataPosition: expected a non-negative integer, got \"32\"")
        .hasMessageContaining("streamPosition: expected an object {\"draws\": .., \"parts\": "
            + "[..]}, got 7");
  }
}
