package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.train.AdamWConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class AdamWTest {
  private static final AdamWConfig CONFIG = new AdamWConfig(0.1, 0.9, 0.98, 1e-6, 0.2);

  /** Loss sum(W * C) + sum(b * D): the gradients are C and D at every step. */
  private static final float[][] W0 = {{1f, -2f}, {0.5f, 3f}};
  private static final float[][] C = {{0.3f, -0.1f}, {2f, 0f}};
  private static final float[] B0 = {1f, -1f};
  private static final float[] D = {-0.5f, 0.25f};

  /** PyTorch's AdamW for one scalar, in double precision, over {@code steps} steps. */
  static double handAdamW(double w, double g, int steps, double lr, boolean decay) {
    double m = 0;
    double v = 0;
    for (int t = 1; t <= steps; t++) {
      m = CONFIG.beta1() * m + (1 - CONFIG.beta1()) * g;
      v = CONFIG.beta2() * v + (1 - CONFIG.beta2()) * g * g;
      if (decay) {
        w *= 1 - lr * CONFIG.weightDecay();
      }
      double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(CONFIG.beta2(), t)) + CONFIG.eps();
      w -= lr / (1 - Math.pow(CONFIG.beta1(), t)) * m / denom;
    }
    return w;
  }

  @Test
  void matchesHandComputedStepsWithDecayOnMatricesOnly() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(StdArrays.ndCopyOf(W0)));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(B0));
      Operand<TFloat32> loss = tf.math.add(
          tf.reduceSum(tf.math.mul(w, tf.constant(StdArrays.ndCopyOf(C))), tf.constant(new int[] {0, 1})),
          tf.reduceSum(tf.math.mul(b, tf.constant(D)), tf.constant(0)));
      List<Parameter> params = List.of(new Parameter("w", w), new Parameter("b", b));
      assertThat(params.get(0).decays()).isTrue();
      assertThat(params.get(1).decays()).isFalse();
      Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> step = tf.placeholder(TFloat32.class);
      AdamW.Update update = AdamW.build(
          tf, params, TrainGraph.gradients(g, loss, params), CONFIG, lr, step);
      assertThat(update.moments()).hasSize(4);
      s.initialize();
      for (int t = 1; t <= 3; t++) {
        try (TFloat32 lrT = TFloat32.scalarOf(0.1f); TFloat32 stepT = TFloat32.scalarOf(t)) {
          s.runner().feed(lr, lrT).feed(step, stepT).addTarget(update.apply()).run();
        }
      }
      try (var r = s.runner().fetch(w).fetch(b).run()) {
        TFloat32 wv = (TFloat32) r.get(0);
        TFloat32 bv = (TFloat32) r.get(1);
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            assertThat((double) wv.getFloat(i, j))
                .isCloseTo(handAdamW(W0[i][j], C[i][j], 3, 0.1, true), within(1e-5));
          }
          assertThat((double) bv.getFloat(i))
              .isCloseTo(handAdamW(B0[i], D[i], 3, 0.1, false), within(1e-5));
        }
        // Spot values: a decayed weight and a bias, three steps.
        assertThat((double) wv.getFloat(0, 0)).isCloseTo(0.6471530, within(1e-5));
        assertThat((double) bv.getFloat(0)).isCloseTo(1.3, within(1e-5));
        // A zero gradient still decays the weight: 3 * (1 - 0.1 * 0.2).
        assertThat((double) wv.getFloat(1, 1)).isCloseTo(3 * Math.pow(0.98, 3), within(1e-5));
      }
    }
  }
}
