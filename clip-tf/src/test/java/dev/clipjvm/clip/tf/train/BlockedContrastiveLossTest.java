package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The tiled loss is the full-matrix loss: on 37 pairs with tiles that do not divide the batch
 * (10: three full tiles and one of 7; 37; 64: one tile larger than the batch), its loss and its
 * gradients with respect to both feature matrices and the logit scale equal those of {@link
 * ContrastiveLoss} differentiated by TensorFlow, to 1e-5 relative.
 */
class BlockedContrastiveLossTest {
  private static final int BATCH = 37;
  private static final int DIM = 8;
  /** ln(1/0.07) plus a little: the paper's initial temperature, so logits span about +-15. */
  private static final float LOGIT_SCALE = 2.7f;

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 37, 64})
  void tilesGiveTheFullMatrixLossAndGradients(int block) {
    Random r = new Random(5);
    float[] images = normalizedRows(r);
    float[] texts = normalizedRows(r);
    // pull pairs together so both the diagonal and the rest of the softmax weigh in
    for (int k = 0; k < texts.length; k++) {
      texts[k] += 0.7f * images[k];
    }
    texts = normalize(texts);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> scale = tf.variable(tf.constant(LOGIT_SCALE));
      Placeholder<TFloat32> fi = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> ft = tf.placeholder(TFloat32.class);
      Operand<TFloat32> full = ContrastiveLoss.loss(tf, fi, ft, scale);
      Output<?>[] grads = g.addGradients(full.asOutput(),
          new Output<?>[] {fi.asOutput(), ft.asOutput(), scale.asOutput()});
      BlockedContrastiveLoss blocked = new BlockedContrastiveLoss(tf, scale, block);
      s.initialize();
      try (TFloat32 ti = matrix(images); TFloat32 tt = matrix(texts);
          Result want = s.runner().feed(fi, ti).feed(ft, tt).fetch(full).fetch(grads[0])
              .fetch(grads[1]).fetch(grads[2]).run();
          BlockedContrastiveLoss.Gradients got = blocked.run(s, ti, tt)) {
        float wantLoss = ((TFloat32) want.get(0)).getFloat();
        assertThat(wantLoss).isBetween(0.01f, (float) Math.log(BATCH));
        assertThat((double) got.loss()).isCloseTo(wantLoss, relative(wantLoss));
        assertRelative(floats(got.images()), floats((TFloat32) want.get(1)), "image gradients");
        assertRelative(floats(got.texts()), floats((TFloat32) want.get(2)), "text gradients");
        float wantScale = ((TFloat32) want.get(3)).getFloat();
        assertThat((double) got.logitScale()).as("logit scale gradient")
            .isCloseTo(wantScale, relative(wantScale));
      }
    }
  }

  @Test
  void rejectsAnEmptyTile() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> scale = tf.variable(tf.constant(LOGIT_SCALE));
      assertThatThrownBy(() -> new BlockedContrastiveLoss(tf, scale, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loss block 0");
    }
  }

  private static org.assertj.core.data.Offset<Double> relative(double want) {
    return org.assertj.core.data.Offset.offset(1e-5 * Math.abs(want));
  }

  /** Relative in the L2 norm over the whole matrix. */
  private static void assertRelative(float[] got, float[] want, String what) {
    double diff = 0;
    double norm = 0;
    for (int k = 0; k < want.length; k++) {
      diff += ((double) got[k] - want[k]) * ((double) got[k] - want[k]);
      norm += (double) want[k] * want[k];
    }
    assertThat(norm).as(what).isPositive();
    assertThat(Math.sqrt(diff)).as("L2 difference of %s", what)
        .isLessThanOrEqualTo(1e-5 * Math.sqrt(norm));
  }

  private static float[] normalizedRows(Random r) {
    float[] x = new float[BATCH * DIM];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) r.nextGaussian();
    }
    return normalize(x);
  }

  private static float[] normalize(float[] x) {
    float[] out = x.clone();
    for (int i = 0; i < BATCH; i++) {
      double n = 0;
      for (int e = 0; e < DIM; e++) {
        n += (double) x[i * DIM + e] * x[i * DIM + e];
      }
      for (int e = 0; e < DIM; e++) {
        out[i * DIM + e] = (float) (x[i * DIM + e] / Math.sqrt(n));
      }
    }
    return out;
  }

  private static TFloat32 matrix(float[] x) {
    return TFloat32.tensorOf(Shape.of(BATCH, DIM), DataBuffers.of(x, true, false));
  }

  private static float[] floats(TFloat32 t) {
    float[] out = new float[Math.toIntExact(t.size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
