package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.model.ClipGraph;
import dev.clipjvm.clip.tf.params.RandomInit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Recomputing Transformer blocks and ResNet stages in the backward pass gives the gradients of the plain graph:
 * every parameter's gradient of the contrastive loss agrees to 1e-5 relative (L2), for a ViT
 * and for a ModifiedResNet whose stages are recomputed (BatchNorm in training form), and a
 * training step with recomputation inside the gradient cache gives the plain step's loss.
 */
class RecomputationTest {
  private static final int BATCH = 6;
  private static final int CONTEXT = 8;
  private static final int VOCAB = 64;
  /** Three blocks per tower: two cut blocks and the uncut last one. */
  private static final ClipConfig VIT = ClipConfig.of(16, new VitConfig(16, 8, 32, 3, 16, 2.0),
      new TextConfig(CONTEXT, VOCAB, 32, 2, 3), Activation.QUICK_GELU);

  /**
   * A ModifiedResNet of one bottleneck per stage at 64 px: three cut stages and the uncut last
   * one, BatchNorm in training form.
   */
  private static final ClipConfig RESNET = ClipConfig.of(16,
      new ResNetConfig(List.of(1, 1, 1, 1), 8, 32, 64), new TextConfig(CONTEXT, VOCAB, 32, 2, 3),
      Activation.QUICK_GELU);

  /** Gradients of every parameter, and the number of BatchNorm state updates declared. */
  private record Gradients(List<float[]> values, int stateUpdates) {}

  private static Gradients gradients(ClipConfig config, boolean recompute) {
    int size = config.vision().imageSize();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ClipTowers towers = new ClipTowers(g, config, Precision.FP32, recompute);
      var images = tf.placeholder(TUint8.class);
      var tokens = tf.placeholder(TInt32.class);
      Operand<TFloat32> img = ClipGraph.normalize(tf, towers.encodeImages(tf, images));
      Operand<TFloat32> txt = ClipGraph.normalize(tf, towers.encodeTexts(tf, tokens));
      Operand<TFloat32> loss = ContrastiveLoss.loss(tf, img, txt, towers.logitScale(tf));
      List<Parameter> params = towers.parameters();
      Output<?>[] xs = new Output<?>[params.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = params.get(i).variable().asOutput();
      }
      Output<?>[] grads = towers.gradients(g, "test_gradients",
          new Output<?>[] {loss.asOutput()}, xs, null);
      s.initialize();
      towers.variables().initialize(s, new RandomInit(4));
      Random r = new Random(2);
      byte[] px = new byte[BATCH * size * size * 3];
      r.nextBytes(px);
      int[] ids = new int[BATCH * CONTEXT];
      for (int i = 0; i < BATCH; i++) {
        int len = 1 + r.nextInt(CONTEXT - 1);
        for (int j = 0; j < len; j++) {
          ids[i * CONTEXT + j] = r.nextInt(VOCAB - 1);
        }
        ids[i * CONTEXT + len] = VOCAB - 1;
      }
      List<float[]> out = new ArrayList<>();
      boolean rebuilt = false;
      for (var it = g.operations(); it.hasNext(); ) {
        rebuilt |= it.next().name().contains("_recompute_");
      }
      assertThat(rebuilt).as("blocks rebuilt in the backward pass").isEqualTo(recompute);
      try (TUint8 im = TUint8.tensorOf(Shape.of(BATCH, size, size, 3),
          DataBuffers.of(px, true, false));
          TInt32 tk = TInt32.tensorOf(Shape.of(BATCH, CONTEXT), DataBuffers.of(ids, true, false))) {
        Session.Runner run = s.runner().feed(images, im).feed(tokens, tk);
        for (Output<?> x : grads) {
          assertThat(x).isNotNull();
          run.fetch(x);
        }
        try (Result res = run.run()) {
          for (int i = 0; i < grads.length; i++) {
            TFloat32 t = (TFloat32) res.get(i);
            float[] a = new float[Math.toIntExact(t.size())];
            t.copyTo(DataBuffers.of(a, false, false));
            out.add(a);
          }
        }
      }
      return new Gradients(out, towers.stateUpdates().size());
    }
  }

  @Test
  void recomputedBlocksGiveThePlainGradients() {
    assertSameGradients(gradients(VIT, false).values(), gradients(VIT, true).values());
  }

  @Test
  void recomputedResNetStagesGiveThePlainGradients() {
    Gradients plain = gradients(RESNET, false);
    Gradients recomputed = gradients(RESNET, true);
    // rebuilt stages read the running statistics' variables but declare no second update
    assertThat(plain.stateUpdates()).isPositive();
    assertThat(recomputed.stateUpdates()).isEqualTo(plain.stateUpdates());
    assertSameGradients(plain.values(), recomputed.values());
  }

  /**
   * Each gradient within 1e-5 of its L2 norm. A gradient that is zero in exact arithmetic (the
   * attention pool's key bias: softmax ignores a shift shared by all keys) is float noise in both
   * graphs, about 1e-7 of the whole gradient's norm; it is held to 1e-6 of that norm instead.
   */
  private static void assertSameGradients(List<float[]> plain, List<float[]> recomputed) {
    assertThat(recomputed).hasSameSizeAs(plain);
    double total = 0;
    for (float[] g : plain) {
      for (float v : g) {
        total += (double) v * v;
      }
    }
    double noise = 1e-6 * Math.sqrt(total);
    for (int p = 0; p < plain.size(); p++) {
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < plain.get(p).length; i++) {
        double d = plain.get(p)[i] - recomputed.get(p)[i];
        diff += d * d;
        norm += (double) plain.get(p)[i] * plain.get(p)[i];
      }
      assertThat(Math.sqrt(diff)).as("gradient %d", p)
          .isLessThanOrEqualTo(Math.max(1e-5 * Math.sqrt(norm), noise));
    }
  }

  @Test
  void recomputationInsideTheGradientCacheKeepsTheStep() {
    double[] losses = new double[2];
    double[] norms = new double[2];
    for (int mode = 0; mode < 2; mode++) {
      try (Graph g = new Graph(); Session s = new Session(g)) {
        ClipTowers towers = new ClipTowers(g, VIT, Precision.FP32, mode == 1);
        TrainGraph tg = TrainGraph.build(g, tf -> towers, 100,
            new AdamWConfig(1e-3, 0.9, 0.98, 1e-3, 0.2), 1.0,
            FrozenTower.NONE, mode == 1 ? new StepStrategy.GradientCache(3)
                : new StepStrategy.FullBatch());
        s.initialize();
        towers.variables().initialize(s, new RandomInit(4));
        Random r = new Random(3);
        byte[] px = new byte[BATCH * 16 * 16 * 3];
        r.nextBytes(px);
        int[] ids = new int[BATCH * CONTEXT];
        for (int i = 0; i < BATCH; i++) {
          ids[i * CONTEXT] = 1 + i;
          ids[i * CONTEXT + 1] = VOCAB - 1;
        }
        try (TUint8 im = TUint8.tensorOf(Shape.of(BATCH, 16, 16, 3),
                DataBuffers.of(px, true, false));
            TInt32 tk = TInt32.tensorOf(Shape.of(BATCH, CONTEXT),
                DataBuffers.of(ids, true, false))) {
          tg.run(s, im, tk, 1e-3, 1);
          StepResult second = tg.run(s, im, tk, 1e-3, 2);
          losses[mode] = second.loss();
          norms[mode] = second.gradNorm();
        }
      }
    }
    assertThat(losses[1]).isCloseTo(losses[0], withinPercentage(1e-3));
    assertThat(norms[1]).isCloseTo(norms[0], withinPercentage(1e-3));
  }
}
