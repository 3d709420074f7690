package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.tf.model.ClipGraph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ContrastiveLossTest {

  /** Features already unit length: image i at angle a_i, text j at angle b_j, 2-D. */
  private static final double[] IMAGE_ANGLES = {0.0, 1.0, 2.5};
  private static final double[] TEXT_ANGLES = {0.2, 1.3, 2.0};

  private static float[][] unit(double[] angles) {
    float[][] out = new float[angles.length][];
    for (int i = 0; i < angles.length; i++) {
      out[i] = new float[] {(float) Math.cos(angles[i]), (float) Math.sin(angles[i])};
    }
    return out;
  }

  /** The loss computed by hand in double precision. */
  private static double handLoss(double logScale) {
    int n = IMAGE_ANGLES.length;
    double s = Math.exp(logScale);
    double rows = 0;
    double cols = 0;
    for (int i = 0; i < n; i++) {
      double lseRow = 0;
      double lseCol = 0;
      for (int j = 0; j < n; j++) {
        lseRow += Math.exp(s * Math.cos(IMAGE_ANGLES[i] - TEXT_ANGLES[j]));
        lseCol += Math.exp(s * Math.cos(TEXT_ANGLES[i] - IMAGE_ANGLES[j]));
      }
      double diag = s * Math.cos(IMAGE_ANGLES[i] - TEXT_ANGLES[i]);
      rows += Math.log(lseRow) - diag;
      cols += Math.log(lseCol) - diag;
    }
    return (rows / n + cols / n) / 2;
  }

  private static float run(double logScale, boolean scaleFeatures) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> img = tf.constant(StdArrays.ndCopyOf(unit(IMAGE_ANGLES)));
      Operand<TFloat32> txt = tf.constant(StdArrays.ndCopyOf(unit(TEXT_ANGLES)));
      if (scaleFeatures) {
        img = ClipGraph.normalize(tf, tf.math.mul(img, tf.constant(3.5f)));
        txt = ClipGraph.normalize(tf, tf.math.mul(txt, tf.constant(0.25f)));
      }
      Operand<TFloat32> loss = ContrastiveLoss.loss(tf, img, txt, tf.constant((float) logScale));
      try (TFloat32 v = (TFloat32) s.runner().fetch(loss).run().get(0)) {
        return v.getFloat();
      }
    }
  }

  @Test
  void equalsTheHandComputedSymmetricCrossEntropy() {
    double logScale = Math.log(1 / 0.07);
    // Values from an independent NumPy computation of the same matrices.
    assertThat(handLoss(logScale)).isCloseTo(0.008905963069081166, within(1e-12));
    assertThat(handLoss(0.0)).isCloseTo(0.6847894960329344, within(1e-12));
    assertThat((double) run(logScale, false)).isCloseTo(handLoss(logScale), within(1e-5));
    assertThat((double) run(0.0, false)).isCloseTo(handLoss(0.0), within(1e-6));
  }

  @Test
  void normalizationMakesTheLossIndependentOfFeatureLength() {
    assertThat((double) run(1.0, true)).isCloseTo(handLoss(1.0), within(1e-5));
  }
}
