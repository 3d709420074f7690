package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.epochs} over WebDataset shards ends: the shards' samples are counted. */
class EpochsRunTest {
  @TempDir Path dir;

  @Test
  void twoEpochsOverThirtySamplesInBatchesOfEightAreSixSteps() throws IOException {
    TinyShards shards = TinyShards.write(Files.createDirectories(dir.resolve("shards")));
    Path merges = shards.writeMerges(dir.resolve("merges.txt"));
    Experiment tiny = ExperimentRunnerTest.tiny(4);
    Experiment e = tiny.withData(shards.data(16))
        .withTokenizer(new TokenizerConfig.File(merges.toString()))
        .withTraining(tiny.training().withLength(TrainingLength.epochs(2))
            .withCheckpointInterval(0));

    RunResult r = ExperimentRunner.run(e, new ExperimentRunner.Options(dir.resolve("run"),
        false, TrainingListener.NONE));

    // 30 samples counted from the tar headers; an epoch is 30 / 8 = 3 full batches.
    assertThat(r.steps()).isEqualTo(6);
    assertThat(Files.readAllLines(dir.resolve("run/metrics.jsonl")).stream()
        .filter(l -> l.contains("\"loss\"")).count()).isEqualTo(6);
    assertThat(dir.resolve("run/checkpoints/step-00000006/state.json")).isRegularFile();
  }
}
