package dev.clipjvm.clip.tf.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

  /** Three Gaussian blobs in 4 dimensions, class c centred at 2 * e_c. */
  static FeatureSet blobs(int rows, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * 4];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = r % 3;
      for (int d = 0; d < 4; d++) {
        x[r * 4 + d] = (float) (random.nextGaussian() + (d == y[r] ? 2 : 0));
      }
    }
    return new FeatureSet(x, rows, 4, y);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    FeatureSet data = blobs(50, 1);
    Random random = new Random(2);
    double[] w = new double[3 * 5];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian();
    }
    double[] g = new double[w.length];
    SoftmaxRegression.objective(data, 3, 0.3, w, g);
    double h = 1e-6;
    for (int i = 0; i < w.length; i++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (SoftmaxRegression.objective(data, 3, 0.3, plus, new double[w.length])
          - SoftmaxRegression.objective(data, 3, 0.3, minus, new double[w.length])) / (2 * h);
      assertThat(g[i]).as("component %d", i).isCloseTo(numeric, within(1e-6));
    }
  }

  @Test
  void objectiveAtZeroIsLogOfTheClassCount() {
    FeatureSet data = blobs(30, 3);
    double f = SoftmaxRegression.objective(data, 3, 5.0, new double[15], new double[15]);
    assertThat(f).isCloseTo(Math.log(3), within(1e-12));
  }

  @Test
  void fitReachesAStationaryPointAndSeparatesTheBlobs() {
    FeatureSet data = blobs(600, 4);
    SoftmaxRegression.Model m = new SoftmaxRegression(new Lbfgs(10, 1e-8, 0, 500))
        .fit(data, 3, 0.01, null);
    assertThat(m.converged()).isTrue();
    double[] g = new double[m.parameters().length];
    double f = SoftmaxRegression.objective(data, 3, 0.01, m.parameters(), g);
    assertThat(f).isCloseTo(m.objective(), within(1e-12));
    for (double v : g) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo(1e-8);
    }
    assertThat(m.accuracy(blobs(600, 5))).isGreaterThan(0.8);
  }

  @Test
  void biasIsNotPenalized() {
    // One constant feature of 0 and labels 2:1: a huge penalty drives W to 0, but the bias still
    // fits the class frequencies, so the loss is the entropy of (2/3, 1/3).
    FeatureSet data = new FeatureSet(new float[3], 3, 1, new int[] {0, 0, 1});
    SoftmaxRegression.Model m = new SoftmaxRegression(new Lbfgs(10, 1e-10, 0, 200))
        .fit(data, 2, 1e6, null);
    double entropy = -(2.0 / 3) * Math.log(2.0 / 3) - (1.0 / 3) * Math.log(1.0 / 3);
    assertThat(m.objective()).isCloseTo(entropy, within(1e-9));
  }

  @Test
  void rejectsANegativeStrength() {
    FeatureSet data = blobs(9, 1);
    SoftmaxRegression r = new SoftmaxRegression(new Lbfgs(10, 1e-6, 0, 10));
    assertThatThrownBy(() -> r.fit(data, 3, -1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
  }
}
