package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.params.RandomInit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The gradient cache is the large-batch step: micro-batches of 8 out of a batch of 32 give the
 * losses and parameters of plain batch-32 training, step after step.
 */
class GradientCacheTest {
  private static final int BATCH = 32;
  private static final int MICRO = 8;
  private static final int STEPS = 3;
  private static final int CONTEXT = 8;
  private static final int VOCAB = 64;
  private static final ClipConfig VIT = ClipConfig.of(16, new VitConfig(16, 8, 32, 2, 16, 2.0),
      new TextConfig(CONTEXT, VOCAB, 32, 2, 2), Activation.QUICK_GELU);
  /**
   * eps 1e-3, not 1e-6: some gradients are exactly zero in exact arithmetic (the attention key
   * bias: softmax ignores a shift shared by all keys) and ~1e-9 of float noise in practice;
   * AdamW with eps 1e-6 turns that noise into whole {@code lr}-sized steps of random sign, which
   * differ with the summation order of any two correct implementations (seen: the key bias off
   * by 1e-4 of its norm after 3 steps). With eps 1e-3 noise moves nothing, and every real
   * gradient still shapes the update.
   */
  private static final AdamWConfig ADAMW = new AdamWConfig(1e-3, 0.9, 0.98, 1e-3, 0.2);

  /** Losses of each step and every parameter's values after the last. */
  private record Run(List<Float> losses, List<Float> gradNorms, Map<String, float[]> parameters) {}

  private static Run train(StepStrategy strategy, FrozenTower frozen) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ClipTowers towers = new ClipTowers(g, VIT, Precision.FP32);
      // Clipping at 1.0 makes the update depend on the global norm of the whole gradient.
      TrainGraph tg = TrainGraph.build(g, tf -> towers, 100, ADAMW, 1.0, frozen, strategy);
      s.initialize();
      towers.variables().initialize(s, new RandomInit(3));
      Random r = new Random(11);
      List<Float> losses = new ArrayList<>();
      List<Float> norms = new ArrayList<>();
      for (int step = 1; step <= STEPS; step++) {
        try (TUint8 images = images(r); TInt32 tokens = tokens(r)) {
          StepResult out = tg.run(s, images, tokens, 1e-3, step);
          assertThat(out.finite()).isTrue();
          losses.add((float) out.loss());
          norms.add((float) out.gradNorm());
        }
      }
      Map<String, float[]> values = new LinkedHashMap<>();
      for (Parameter p : tg.parameters()) {
        try (TFloat32 v = (TFloat32) s.runner().fetch(p.variable()).run().get(0)) {
          float[] a = new float[Math.toIntExact(v.size())];
          v.copyTo(DataBuffers.of(a, false, false));
          values.put(p.name(), a);
        }
      }
      return new Run(losses, norms, values);
    }
  }

  private static TUint8 images(Random r) {
    byte[] pixels = new byte[BATCH * 16 * 16 * 3];
    r.nextBytes(pixels);
    return TUint8.tensorOf(Shape.of(BATCH, 16, 16, 3), DataBuffers.of(pixels, true, false));
  }

  private static TInt32 tokens(Random r) {
    int[] ids = new int[BATCH * CONTEXT];
    for (int i = 0; i < BATCH; i++) {
      int len = 1 + r.nextInt(CONTEXT - 1);
      for (int j = 0; j < len; j++) {
        ids[i * CONTEXT + j] = r.nextInt(VOCAB - 1);
      }
      ids[i * CONTEXT + len] = VOCAB - 1;
    }
    return TInt32.tensorOf(Shape.of(BATCH, CONTEXT), DataBuffers.of(ids, true, false));
  }

  @ParameterizedTest
  @EnumSource(value = FrozenTower.class, names = {"NONE", "TEXT"})
  void microBatchesOfEightTrainLikeTheBatchOfThirtyTwo(FrozenTower frozen) {
    Run plain = train(new StepStrategy.FullBatch(), frozen);
    // loss tiles of 12 rows: three tiles per side, the last of 8, through the whole step
    Run cached = train(new StepStrategy.GradientCache(MICRO, 12), frozen);
    for (int i = 0; i < STEPS; i++) {
      assertThat(cached.losses().get(i)).as("loss of step %d", i + 1)
          .isCloseTo(plain.losses().get(i), withinPercentage(1e-3));
      assertThat(cached.gradNorms().get(i)).as("gradient norm of step %d", i + 1)
          .isCloseTo(plain.gradNorms().get(i), withinPercentage(1e-3));
    }
    assertThat(cached.parameters().keySet()).containsExactlyElementsOf(
        plain.parameters().keySet());
    int moved = 0;
    for (var e : plain.parameters().entrySet()) {
      float[] want = e.getValue();
      float[] got = cached.parameters().get(e.getKey());
      // Relative in the L2 norm: single elements whose gradient is near AdamW's eps still turn
      // float summation-order noise into a visible part of their step.
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < want.length; i++) {
        scale += (double) want[i] * want[i];
        diff += ((double) want[i] - got[i]) * ((double) want[i] - got[i]);
      }
      assertThat(Math.sqrt(diff)).as("L2 difference in %s", e.getKey())
          .isLessThanOrEqualTo(1e-5 * Math.sqrt(scale));
      moved += e.getKey().startsWith("visual") || frozen == FrozenTower.NONE ? 1 : 0;
    }
    assertThat(moved).isPositive();
  }

  @Test
  void rejectsMicroBatchesOverBatchNormStatistics() {
    ClipConfig resnet = ClipConfig.of(32, new ResNetConfig(List.of(1, 1, 1, 1), 8, 32, 64),
        new TextConfig(8, 600, 32, 1, 1), Activation.QUICK_GELU);
    try (Graph g = new Graph()) {
      ClipTowers towers = new ClipTowers(g, resnet, Precision.FP32);
      assertThatThrownBy(() -> TrainGraph.build(g, tf -> towers, 100, ADAMW, 0,
          FrozenTower.NONE, new StepStrategy.GradientCache(4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("micro-batch size 4").hasMessageContaining("BatchNorm");
    }
  }

  @Test
  void rejectsABatchThatDoesNotSplitIntoMicroBatches() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ClipTowers towers = new ClipTowers(g, VIT, Precision.FP32);
      TrainGraph tg = TrainGraph.build(g, tf -> towers, 100, ADAMW, 0, FrozenTower.NONE,
          new StepStrategy.GradientCache(5));
      s.initialize();
      towers.variables().initialize(s, new RandomInit(3));
      Random r = new Random(1);
      try (TUint8 images = images(r); TInt32 tokens = tokens(r)) {
        assertThatThrownBy(() -> tg.run(s, images, tokens, 1e-3, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not split into micro-batches of 5");
      }
    }
  }
}
