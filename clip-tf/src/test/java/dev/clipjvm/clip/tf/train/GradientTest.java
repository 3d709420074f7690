package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.tf.model.ClipGraph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.data.pipeline.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
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
      try (TUint8 img = BatchTensors.images(batch);
          TInt32 tok = BatchTensors.tokens(batch, TinyData.END)) {
        loss = ContrastiveLoss.loss(tf,
            ClipGraph.normalize(tf, towers.encodeImages(tf, tf.constant(img))),
            ClipGraph.normalize(tf, towers.encodeTexts(tf, tf.constant(tok))), scale);
      }
      List<Parameter> params = towers.parameters();
      List<Operand<TFloat32>> grads = TrainGraph.gradients(g, loss, params);
      s.initialize();
      int checked = 0;
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i);
        long n = p.variable().shape().size();
        float[] analytic = FiniteDifferences.read(s, grads.get(i), n);
        for (long k : new long[] {0, n / 2, n - 1}) {
          double numeric = FiniteDifferences.derivative(s, tf, p, k, 1e-2, loss);
          assertThat((double) analytic[(int) k]).as(p.name() + "[" + k + "]")
              .isCloseTo(numeric, within(2e-3 + 2e-2 * Math.abs(numeric)));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(15);
    }
  }
}
