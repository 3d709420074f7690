package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.tf.model.ClipGraph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.tf.params.RandomInit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
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
      try (TUint8 img = BatchTensors.images(Batch.of(8, px, batch.contextLength(),
              batch.tokens()));
          TInt32 tok = BatchTensors.tokens(batch)) {
        loss = ContrastiveLoss.loss(tf,
            ClipGraph.normalize(tf, towers.encodeImages(tf, tf.constant(img))),
            ClipGraph.normalize(tf, towers.encodeTexts(tf, tf.constant(tok))),
            towers.logitScale(tf));
      }
      List<Parameter> params = towers.parameters();
      List<Operand<TFloat32>> grads = TrainGraph.gradients(g, loss, params);
      towers.variables().initialize(s, new RandomInit(3));
      int checked = 0;
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        long n = p.variable().shape().size();
        float[] analytic = FiniteDifferences.read(s, grads.get(i), n);
        long k = n / 3;
        double numeric = FiniteDifferences.derivative(s, tf, p, k, 1e-2, loss);
        assertThat((double) analytic[(int) k]).as(p.name() + "[" + k + "]")
            .isCloseTo(numeric, within(3e-3 + 3e-2 * Math.abs(numeric)));
        checked++;
      }
      assertThat(checked).isGreaterThan(20);
    }
  }
}
