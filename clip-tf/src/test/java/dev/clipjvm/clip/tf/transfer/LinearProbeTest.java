package dev.clipjvm.clip.tf.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
  private final LinearProbe probe = LinearProbe.standard();

  @Test
  void fixedStrengthIsOneFitOnAllTrainingRows() {
    FeatureSet train = SoftmaxRegressionTest.blobs(300, 1);
    FeatureSet test = SoftmaxRegressionTest.blobs(300, 2);
    LinearProbe.Outcome o = probe.run(train, test, Optional.of(0.1), 0.2);
    SoftmaxRegression.Model direct = new SoftmaxRegression(new Lbfgs(10, 1e-6, 1e-12, 1000))
        .fit(train, 3, 0.1, null);
    assertThat(o.sweep()).isEmpty();
    assertThat(o.model().objective()).isCloseTo(direct.objective(), within(1e-12));
    assertThat(o.accuracy()).isEqualTo(direct.accuracy(test));
  }

  @Test
  void sweepTriesEveryDecadeAndRefitsWithTheBest() {
    FeatureSet train = SoftmaxRegressionTest.blobs(300, 3);
    FeatureSet test = SoftmaxRegressionTest.blobs(300, 4);
    LinearProbe.Outcome o = probe.run(train, test, Optional.empty(), 0.2);
    List<Double> decades = o.sweep().stream().limit(13).map(LinearProbe.Trial::lambda).toList();
    assertThat(decades.get(0)).isCloseTo(1e6, within(1e-6));
    assertThat(decades.get(12)).isCloseTo(1e-6, within(1e-18));
    double best = LinearProbe.best(o.sweep());
    assertThat(o.model().lambda()).isEqualTo(best);
    // The decades and the two half decades around the best (one when the best is an end).
    assertThat(o.sweep().size()).isBetween(14, 15);
    for (LinearProbe.Trial t : o.sweep().subList(13, o.sweep().size())) {
      double decade = Math.log10(t.lambda());
      assertThat(Math.abs(Math.abs(decade - Math.log10(best)) - 0.5)).isLessThan(1e-9);
    }
    assertThat(o.accuracy()).isGreaterThan(0.8);
    assertThat(o.sweep()).allMatch(LinearProbe.Trial::converged);
    assertThat(o.sweep()).allMatch(t -> t.iterations() > 0);
  }

  @Test
  void theSolverLimitsReachEveryFit() {
    FeatureSet train = SoftmaxRegressionTest.blobs(300, 7);
    LinearProbe capped = LinearProbe.of(0, 2);
    LinearProbe.Outcome o = capped.run(train, train, Optional.empty(), 0.2);
    assertThat(o.model().iterations()).isEqualTo(2);
    assertThat(o.model().converged()).isFalse();
    assertThat(o.model().stop()).isEqualTo(Lbfgs.Stop.MAX_ITERATIONS);
    assertThat(o.sweep()).allMatch(t -> t.iterations() <= 2);
    LinearProbe.FewShot f = capped.fewShot(train, train, 2, 2, Optional.of(1e-3), 0.2);
    assertThat(f.converged()).containsExactly(false, false);
    // With room to converge: the reported gradient is the objective's at the solution.
    SoftmaxRegression.Model m = LinearProbe.of(1e-7, 5000)
        .run(train, train, Optional.of(1e-2), 0.2).model();
    assertThat(m.converged()).isTrue();
    double[] g = new double[m.parameters().length];
    SoftmaxRegression.objective(train, 3, 1e-2, m.parameters(), g);
    double largest = Arrays.stream(g).map(Math::abs).max().orElseThrow();
    assertThat(m.gradientMaxAbs()).isEqualTo(largest);
    assertThat(m.stop() == Lbfgs.Stop.GRADIENT_TOLERANCE ? largest <= 1e-7
        : m.stop() == Lbfgs.Stop.VALUE_TOLERANCE).isTrue();
  }

  @Test
  void tiesGoToTheStrongerRegularization() {
    List<LinearProbe.Trial> trials = List.of(new LinearProbe.Trial(0.01, 0.9, 5, true),
        new LinearProbe.Trial(1, 0.9, 5, true), new LinearProbe.Trial(0.1, 0.8, 5, true));
    assertThat(LinearProbe.best(trials)).isEqualTo(1.0);
  }

  @Test
  void fewShotDrawsKRowsOfEveryClassPerSeed() {
    int[] labels = new int[60];
    Arrays.setAll(labels, i -> i % 3);
    int[] a = Shots.draw(labels, 3, 4, new Random(0));
    int[] b = Shots.draw(labels, 3, 4, new Random(1));
    assertThat(a).hasSize(12);
    for (int i = 0; i < a.length; i++) {
      assertThat(labels[a[i]]).isEqualTo(i / 4);
    }
    assertThat(Arrays.stream(a).distinct().count()).isEqualTo(12);
    assertThat(a).isNotEqualTo(b);
    assertThatThrownBy(() -> Shots.draw(labels, 3, 21, new Random(0)))
        .hasMessageContaining("class 0, it has 20");
  }

  @Test
  void fewShotReportsMeanAndSampleStandardDeviation() {
    FeatureSet train = SoftmaxRegressionTest.blobs(300, 5);
    FeatureSet test = SoftmaxRegressionTest.blobs(300, 6);
    LinearProbe.FewShot f = probe.fewShot(train, test, 2, 3, Optional.empty(), 0.2);
    assertThat(f.accuracies()).hasSize(3);
    double mean = f.accuracies().stream().mapToDouble(Double::doubleValue).sum() / 3;
    double var = f.accuracies().stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / 2;
    assertThat(f.mean()).isCloseTo(mean, within(1e-15));
    assertThat(f.std()).isCloseTo(Math.sqrt(var), within(1e-15));
    assertThat(f.mean()).isGreaterThan(0.4);
  }

  @Test
  void rejectsAValidationFractionOutsideTheOpenInterval() {
    FeatureSet train = SoftmaxRegressionTest.blobs(30, 5);
    assertThatThrownBy(() -> probe.run(train, train, Optional.empty(), 1.0))
        .hasMessageContaining("(0, 1), got 1.0");
  }
}
