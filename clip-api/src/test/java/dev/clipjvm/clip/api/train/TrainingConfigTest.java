package dev.clipjvm.clip.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void paperPresetsCarryTable19Settings() {
    TrainingConfig vit = TrainingConfig.paperVit(5e-4);
    assertThat(vit.optimizer()).isEqualTo(new AdamWConfig(5e-4, 0.9, 0.98, 1e-6, 0.2));
    assertThat(vit.batchSize()).isEqualTo(32_768);
    assertThat(vit.length()).isEqualTo(TrainingLength.epochs(32));
    assertThat(vit.schedule()).isEqualTo(new WarmupCosine(2000, 0.0));
    assertThat(TrainingConfig.paperResNet(5e-4).optimizer())
        .isEqualTo(new AdamWConfig(5e-4, 0.9, 0.999, 1e-8, 0.2));
  }

  @Test
  void reportsEveryProblemAtOnceWithPaths() {
    assertThatThrownBy(() -> new TrainingConfig(1, TrainingLength.steps(10),
        AdamWConfig.paperVit(1e-3), new WarmupCosine(20, 0.0), Precision.FP32, -1, -1, 0, 0, -1,
        0))
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).problems().map(Problem::toString)
            .toJavaList())
        .asList()
        .containsExactly(
            "batch_size: 1 must be at least 2 (a contrastive batch needs negatives)",
            "grad_clip_norm: -1.0 must be finite and at least 0 (0 = off)",
            "checkpoint_interval: -1 must be at least 0 (0 = only at the end)",
            "keep_checkpoints: 0 must be positive",
            "log_interval: 0 must be positive",
            "eval_interval: -1 must be at least 0 (0 = off)",
            "schedule.warmup_steps: 20 must be less than steps 10");
  }

  @Test
  void rejectsBetaOutsideUnitInterval() {
    assertThatThrownBy(() -> AdamWConfig.paperVit(1e-3).withBeta2(1.0))
        .hasMessage("beta2: 1.0 must be in [0, 1)");
  }

  @Test
  void scheduleWarmsUpLinearlyThenDecaysByCosine() {
    WarmupCosine s = new WarmupCosine(10, 0.1);
    assertThat(s.factor(0, 110)).isCloseTo(0.1, within(1e-12));
    assertThat(s.factor(9, 110)).isCloseTo(1.0, within(1e-12));
    assertThat(s.factor(10, 110)).isCloseTo(1.0, within(1e-12));
    assertThat(s.factor(59, 110)).isCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 49 / 99)),
        within(1e-12));
    assertThat(s.factor(109, 110)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void epochsBecomeStepsDroppingTheIncompleteBatch() {
    TrainingConfig c = TrainingConfig.demo().withLength(TrainingLength.epochs(3));
    assertThat(c.totalSteps(1000)).isEqualTo(3 * 15);
    assertThat(TrainingConfig.demo().totalSteps(1000)).isEqualTo(500);
  }

  @Test
  void withEditsOneField() {
    TrainingConfig c = TrainingConfig.demo().withSeed(7).withPrecision(Precision.BF16_MIXED);
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.precision()).isEqualTo(Precision.BF16_MIXED);
    assertThat(c.withSeed(42).withPrecision(Precision.FP32)).isEqualTo(TrainingConfig.demo());
  }

  @Test
  void microBatchSizeMustDivideTheBatch() {
    TrainingConfig demo = TrainingConfig.demo();
    assertThat(demo.microBatchSize()).isEqualTo(64);
    assertThat(demo.microBatched()).isFalse();
    assertThat(demo.withMicroBatchSize(16).microBatched()).isTrue();
    assertThat(demo.withMicroBatchSize(16).withBatchSize(128).microBatchSize()).isEqualTo(16);
    assertThat(demo.withBatchSize(128).microBatchSize()).isEqualTo(128);
    assertThatThrownBy(() -> demo.withMicroBatchSize(24))
        .hasMessageContaining("micro_batch_size: 24 must divide batch_size 64");
    assertThatThrownBy(() -> demo.withMicroBatchSize(0))
        .hasMessageContaining("micro_batch_size: 0 must be positive");
  }
}
