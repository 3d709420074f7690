package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.experiment.EvaluationConfig;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.Initialization;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import java.util.List;

/** Experiments small enough for tests in other packages: seconds to a run directory. */
public final class ExperimentRunnerFixtures {
  private ExperimentRunnerFixtures() {}

  /**
   * The demo shrunk: 16-pixel images, one-layer towers, a 600-token vocabulary learned from the
   * captions, the demo's 24-token context, no evaluation tasks.
   */
  public static Experiment tiny(long steps) {
    Experiment demo = ExperimentPresets.demo(steps);
    var model = demo.model().withEmbedDim(32)
        .withVision(new VitConfig(16, 8, 32, 1, 16, 2.0))
        .withText(new TextConfig(24, 600, 32, 2, 1));
    return new Experiment("tiny", model, demo.data().withImageSize(16),
        new TokenizerConfig.Train(600, 500),
        demo.training().withBatchSize(8).withLength(TrainingLength.steps(steps))
            .withSchedule(new WarmupCosine(1, 0)).withCheckpointInterval(steps)
            .withEvalInterval(0),
        Initialization.scratch(), new EvaluationConfig(List.of(), 8));
  }
}
