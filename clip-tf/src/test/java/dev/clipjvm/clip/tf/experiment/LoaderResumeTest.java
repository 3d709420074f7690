package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.tf.train.CheckpointState;
import dev.clipjvm.clip.tf.train.Checkpoints;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a run on file-based data (WebDataset shards through the clip-data loader): one
 * uninterrupted four-step run with checkpoints after steps 2 and 4 is the reference; copies of
 * it without the step-4 checkpoint are runs interrupted after step 2.
 */
class LoaderResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STEP2 = "checkpoints/step-00000002";

  @TempDir static Path dir;
  private static Experiment experiment;
  private static Path full;

  @BeforeAll
  static void uninterruptedRun() throws IOException {
    TinyShards shards = TinyShards.write(Files.createDirectories(dir.resolve("shards")));
    Path merges = shards.writeMerges(dir.resolve("merges.txt"));
    experiment = ExperimentRunnerTest.tiny(4).withData(shards.data(16))
        .withTokenizer(new TokenizerConfig.File(merges.toString()));
    full = dir.resolve("full");
    ExperimentRunner.run(experiment,
        new ExperimentRunner.Options(full, false, TrainingListener.NONE));
  }

  @Test
  void theStoredPositionIsAfterTheCheckpointedStepAndTheStreamContinuesThereExactly()
      throws IOException {
    CheckpointState state = Checkpoints.readState(full.resolve(STEP2));
    // 16 pairs in 2 steps of 8; one part, no bad records, so 16 records of epoch 0 drawn.
    DataPosition at = new DataPosition(16, List.of(new DataPosition.Part(0, 16)));
    assertThat(state.dataPosition()).isEqualTo(16);
    assertThat(state.streamPosition()).contains(at);

    BpeTokenizer tokenizer = BpeTokenizer.openAi(dir.resolve("merges.txt"));
    try (var straight = ExperimentRunner.trainingData(experiment, tokenizer);
        var resumed = ExperimentRunner.trainingData(experiment, tokenizer)) {
      straight.batch(0, 8);
      straight.batch(8, 8);
      resumed.openAt(16, 8, state.streamPosition().orElseThrow());
      for (long p = 16; p <= 24; p += 8) {
        Batch expected = straight.batch(p, 8).orElseThrow();
        Batch actual = resumed.batch(p, 8).orElseThrow();
        assertThat(actual.images()).isEqualTo(expected.images());
        assertThat(actual.tokens()).isEqualTo(expected.tokens());
      }
      // The resumed loader decoded the two batches it returned and nothing before them.
      assertThat(resumed.badRecords().seen()).isEqualTo(16);
      assertThat(straight.badRecords().seen()).isEqualTo(32);
    }
  }

  @Test
  void aRunResumedAtItsStoredPositionContinuesLikeTheUninterruptedRun() throws IOException {
    Path split = interrupted("split");
    ExperimentRunner.run(experiment,
        new ExperimentRunner.Options(split, true, TrainingListener.NONE));

    assertLossesOfSteps3And4MatchTheUninterruptedRun(split);
    assertThat(Checkpoints.readState(split.resolve("checkpoints/step-00000004")))
        .isEqualTo(Checkpoints.readState(full.resolve("checkpoints/step-00000004")));
  }

  @Test
  void aCheckpointWithoutAStoredPositionStillResumesByReplay() throws IOException {
    Path old = interrupted("old");
    Path state = Checkpoints.stateFile(old.resolve(STEP2));
    ObjectNode json = (ObjectNode) JSON.readTree(state.toFile());
    json.remove("stream_position");
    JSON.writeValue(state.toFile(), json);
    assertThat(Checkpoints.readState(old.resolve(STEP2)).streamPosition()).isEmpty();

    ExperimentRunner.run(experiment,
        new ExperimentRunner.Options(old, true, TrainingListener.NONE));

    assertLossesOfSteps3And4MatchTheUninterruptedRun(old);
  }

  @Test
  void aStoredPositionThatDoesNotFitTheSourceFailsNamingStateJson() throws IOException {
    Path bad = interrupted("bad");
    Path state = Checkpoints.stateFile(bad.resolve(STEP2));
    ObjectNode json = (ObjectNode) JSON.readTree(state.toFile());
    json.set("stream_position", JSON.readTree(
        "{\"draws\": 16, \"parts\": [{\"epoch\": 0, \"consumed\": 8}, "
            + "{\"epoch\": 0, \"consumed\": 8}]}"));
    JSON.writeValue(state.toFile(), json);

    assertThatThrownBy(() -> ExperimentRunner.run(experiment,
        new ExperimentRunner.Options(bad, true, TrainingListener.NONE)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("--resume: the stream_position in " + state + " does not fit the data "
            + "source: data position has 2 parts but the source has 1");
  }

  /**
   * A copy of the full run as it was after step 2: no step-4 checkpoint, no metrics, no report
   * (the report marks a finished run).
   */
  private static Path interrupted(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (Stream<Path> s = Files.walk(full)) {
      for (Path p : s.toList()) {
        Path target = copy.resolve(full.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    try (Stream<Path> s = Files.walk(copy.resolve("checkpoints/step-00000004"))) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Files.delete(copy.resolve("metrics.jsonl"));
    Files.delete(copy.resolve("report.md"));
    return copy;
  }

  private static void assertLossesOfSteps3And4MatchTheUninterruptedRun(Path run)
      throws IOException {
    List<JsonNode> resumed = losses(run);
    List<JsonNode> reference = losses(full);
    assertThat(resumed).hasSize(2);
    assertThat(resumed.get(0).get("step").asInt()).isEqualTo(3);
    for (int i = 0; i < 2; i++) {
      assertThat(resumed.get(i).get("loss").asDouble())
          .isCloseTo(reference.get(i + 2).get("loss").asDouble(), within(1e-6));
    }
  }

  private static List<JsonNode> losses(Path run) throws IOException {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      if (n.has("loss")) {
        out.add(n);
      }
    }
    return out;
  }
}
