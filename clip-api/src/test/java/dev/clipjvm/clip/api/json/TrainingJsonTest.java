package dev.clipjvm.clip.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import org.junit.jupiter.api.Test;

class TrainingJsonTest {

  @Test
  void roundTripsThePresets() {
    for (TrainingConfig c : new TrainingConfig[] {
        TrainingConfig.demo(), TrainingConfig.paperVit(5e-4), TrainingConfig.paperResNet(3.6e-4)}) {
      String json = ConfigJson.write(c);
      assertThat(ConfigJson.readTraining(json)).isEqualTo(c);
      assertThat(ConfigJson.write(ConfigJson.readTraining(json))).isEqualTo(json);
    }
  }

  @Test
  void documentedExampleIsTheDemoPreset() {
    // The example training object of the docs.
    assertThat(ConfigJson.readTraining("""
        {
          "batch_size": 64,
          "steps": 500,
          "optimizer": {"lr": 5e-4, "beta1": 0.9, "beta2": 0.98, "eps": 1e-6, "weight_decay": 0.1},
          "schedule": {"warmup_steps": 50, "final_lr_fraction": 0.0},
          "precision": "fp32",
          "grad_clip_norm": 1.0,
          "checkpoint_interval": 100,
          "keep_checkpoints": 2,
          "log_interval": 10,
          "eval_interval": 100,
          "seed": 42
        }
        """)).isEqualTo(TrainingConfig.demo());
  }

  @Test
  void fillsDefaultsForOptionalKeys() {
    TrainingConfig c = ConfigJson.readTraining("""
        {"batch_size": 32, "epochs": 2,
         "optimizer": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.98, "eps": 1e-6, "weight_decay": 0.1},
         "schedule": {"warmup_steps": 10}, "precision": "BF16_MIXED"}
        """);
    assertThat(c.length()).isEqualTo(TrainingLength.epochs(2));
    assertThat(c.precision()).isEqualTo(Precision.BF16_MIXED);
    assertThat(c.schedule().finalLrFraction()).isEqualTo(0.0);
    assertThat(c.keepCheckpoints()).isEqualTo(1);
    assertThat(c.logInterval()).isEqualTo(10);
    assertThat(c.gradClipNorm()).isEqualTo(0.0);
  }

  @Test
  void reportsEveryProblemAtOnceWithPaths() {
    assertThatThrownBy(() -> ConfigJson.readTraining("""
        {"batch_size": 1, "steps": 5, "epochs": 1,
         "optimizer": {"lr": -1, "beta1": 0.9, "beta2": 1.5, "eps": 1e-6, "decay": 0.1},
         "schedule": {"warmup_steps": 10}, "precision": "fp16"}
        """))
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).problems().map(Problem::toString)
            .toJavaList()).asList()
        .containsExactly(
            "steps: give steps or epochs, not both",
            "optimizer.weight_decay: is missing",
            "optimizer.decay: unknown key (known here: beta1, beta2, eps, lr, weight_decay)",
            "optimizer.lr: -1.0 must be positive and finite",
            "optimizer.beta2: 1.5 must be in [0, 1)",
            "precision: \"fp16\" is not one of fp32, bf16_mixed",
            "batch_size: 1 must be at least 2 (a contrastive batch needs negatives)",
            "schedule.warmup_steps: 10 must be less than steps 5");
  }

  @Test
  void requiresStepsOrEpochs() {
    assertThatThrownBy(() -> ConfigJson.readTraining(ConfigJson.write(TrainingConfig.demo())
        .replace("\"steps\" : 500,", "")))
        .hasMessage("steps: is missing (give steps or epochs)");
  }

  @Test
  void readsMicroBatchSizeDefaultingToTheBatchSize() {
    String base = """
        {"batch_size": 32, "steps": 20,
         "optimizer": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.98, "eps": 1e-6, "weight_decay": 0.1},
         "schedule": {"warmup_steps": 10}%s}
        """;
    assertThat(ConfigJson.readTraining(base.formatted("")).microBatchSize()).isEqualTo(32);
    TrainingConfig micro = ConfigJson.readTraining(base.formatted(", \"micro_batch_size\": 8"));
    assertThat(micro.microBatchSize()).isEqualTo(8);
    assertThat(ConfigJson.readTraining(ConfigJson.write(micro))).isEqualTo(micro);
    assertThatThrownBy(() -> ConfigJson.readTraining(
        base.formatted(", \"micro_batch_size\": 6")))
        .hasMessageContaining("micro_batch_size: 6 must divide batch_size 32");
  }
}
