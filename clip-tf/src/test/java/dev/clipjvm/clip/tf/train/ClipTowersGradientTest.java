package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.params.RandomInit;
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

/** Gradients of the contrastive loss through the real ViT and text Transformer graphs. */
class ClipTowersGradientTest {

  @Test
  void vitAndTextGradientsMatchFiniteDifferences() {
    ClipConfig config = ClipConfig.of(8, new VitConfig(8, 4, 8, 1, 4, 2.0),
        new TextConfig(6, TinyData.VOCAB, 8, 2, 1), Activation.QUICK_GELU);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ClipTowers towers = new ClipTowers(g, config, Precision.FP32);
      Batch batch = TinyData.batch(0, 4);
      byte[] px = new byte[4 * 8 * 8 * 3];
      new java.util.Random(5).nextBytes(px);
      Operand<TFloat32> loss;
      try (TUint8 img = new Batch(4, 8, px, batch.tokens()).imageTensor();
          TInt32 tok = batch.tokenTensor()) {
        loss = ContrastiveLoss.loss(tf,
            ContrastiveLoss.normalize(tf, towers.encodeImages(tf, tf.constant(img))),
            ContrastiveLoss.normalize(tf, towers.encodeTexts(tf, tf.constant(tok))),
            towers.logitScale(tf));
      }
      List<Parameter> params = towers.parameters();
      List<Operand<TFloat32>> grads = TrainGraph.gradients(g, loss, params);
      towers.variables().initialize(s, new RandomInit(3));
      int checked = 0;
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        long n = p.variable().shape().size();
        float[] analytic = read(s, grads.get(i), n);
        long k = n / 3;
        double h = 1e-2;
        double numeric = (lossWith(s, tf, p, k, h, loss) - lossWith(s, tf, p, k, -h, loss))
            / (2 * h);
        assertThat((double) analytic[(int) k]).as(p.name() + "[" + k + "]")
            .isCloseTo(numeric, within(3e-3 + 3e-2 * Math.abs(numeric)));
        checked++;
      }
      assertThat(checked).isGreaterThan(20);
    }
  }

  private static float[] read(Session s, Operand<TFloat32> x, long n) {
    try (TFloat32 t = (TFloat32) s.runner().fetch(x).run().get(0)) {
      float[] out = new float[(int) n];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  private static double lossWith(Session s, Ops tf, Parameter p, long k, double h,
      Operand<TFloat32> loss) {
    long n = p.variable().shape().size();
    float[] original = read(s, p.variable(), n);
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
