package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

class GradientTest {

  @Test
  void gradientsMatchCentralFiniteDifferencesOnATinyModel() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TinyTowers towers = new TinyTowers(tf, TinyData.IMAGE, TinyData.VOCAB, 8, 6, 11, 1.5);
      var scale = towers.logitScale(tf);
      Batch batch = TinyData.batch(0, 5);
      Operand<TFloat32> loss;
      try (TUint8 img = batch.imageTensor(); TInt32 tok = batch.tokenTensor(TinyData.END)) {
        loss = ContrastiveLoss.loss(tf,
            ContrastiveLoss.normalize(tf, towers.encodeImages(tf, tf.constant(img))),
            ContrastiveLoss.normalize(tf, towers.encodeTexts(tf, tf.constant(tok))), scale);
      }
      List<Parameter> params = towers.parameters();
      List<Operand<TFloat32>> grads = TrainGraph.gradients(g, loss, params);
      s.initialize();
      int checked = 0;
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        long n = p.variable().shape().size();
        float[] analytic = values(s, grads.get(i), n);
        for (long k : new long[] {0, n / 2, n - 1}) {
          double h = 1e-2;
          double up = lossWith(s, tf, p, k, h, loss);
          double down = lossWith(s, tf, p, k, -h, loss);
          double numeric = (up - down) / (2 * h);
          assertThat((double) analytic[(int) k]).as(p.name() + "[" + k + "]")
              .isCloseTo(numeric, within(2e-3 + 2e-2 * Math.abs(numeric)));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(15);
    }
  }

  private static float[] values(Session s, Operand<TFloat32> x, long n) {
    try (TFloat32 t = (TFloat32) s.runner().fetch(x).run().get(0)) {
      float[] out = new float[(int) n];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  /** The loss with element {@code k} of {@code p} shifted by {@code h} (then restored). */
  private static double lossWith(Session s, Ops tf, Parameter p, long k, double h,
      Operand<TFloat32> loss) {
    long n = p.variable().shape().size();
    float[] original = values(s, p.variable(), n);
    float[] shifted = original.clone();
    shifted[(int) k] += (float) h;
    set(s, tf, p, shifted);
    double value;
    try (TFloat32 v = (TFloat32) s.runner().fetch(loss).run().get(0)) {
      value = v.getFloat();
    }
    set(s, tf, p, original);
    return value;
  }

  private static void set(Session s, Ops tf, Parameter p, float[] values) {
    try (TFloat32 t = TFloat32.tensorOf(p.variable().shape(),
        org.tensorflow.ndarray.buffer.DataBuffers.of(values, true, false))) {
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class);
      s.runner().feed(in, t).addTarget(tf.assign(p.variable(), in)).run();
    }
  }
}
