package dev.clipjvm.clip.tf.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {

  /** Rosenbrock's function, minimum 0 at (1, 1); 24.2 at the classic start (-1.2, 1). */
  private final Lbfgs.Objective rosenbrock = (x, g) -> {
    double a = 1 - x[0];
    double b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };

  @Test
  void findsTheMinimumOfRosenbrock() {
    Lbfgs.Result r = new Lbfgs(5, 1e-9, 0, 500).minimize(rosenbrock, new double[] {-1.2, 1});
    assertThat(r.converged()).isTrue();
    assertThat(r.stop()).isEqualTo(Lbfgs.Stop.GRADIENT_TOLERANCE);
    assertThat(r.gradientMaxAbs()).isLessThanOrEqualTo(1e-9);
    assertThat(r.x()[0]).isCloseTo(1, within(1e-6));
    assertThat(r.x()[1]).isCloseTo(1, within(1e-6));
    assertThat(r.value()).isLessThan(1e-12);
  }

  @Test
  void solvesAnIllConditionedQuadraticExactly() {
    double[] scale = {1, 10, 100, 1000, 10000};
    Lbfgs.Objective quadratic = (x, g) -> {
      double f = 0;
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - i;
        f += 0.5 * scale[i] * d * d;
        g[i] = scale[i] * d;
      }
      return f;
    };
    Lbfgs.Result r = new Lbfgs(10, 1e-8, 0, 1000).minimize(quadratic, new double[5]);
    for (int i = 0; i < 5; i++) {
      assertThat(r.x()[i]).isCloseTo(i, within(1e-8));
    }
  }

  @Test
  void stopsAtTheIterationLimitUnconverged() {
    Lbfgs.Result r = new Lbfgs(5, 1e-12, 0, 3).minimize(rosenbrock, new double[] {-1.2, 1});
    assertThat(r.converged()).isFalse();
    assertThat(r.stop()).isEqualTo(Lbfgs.Stop.MAX_ITERATIONS);
    assertThat(r.iterations()).isEqualTo(3);
    assertThat(r.value()).isLessThan(24.2); // the value at the start
    // The reported gradient is the one at the returned point, recomputed here.
    double[] g = new double[2];
    rosenbrock.evaluate(r.x(), g);
    assertThat(r.gradientMaxAbs()).isEqualTo(Math.max(Math.abs(g[0]), Math.abs(g[1])))
        .isGreaterThan(1e-12);
  }

  @Test
  void aLooseValueToleranceStopsEarlyAndSaysSo() {
    Lbfgs.Result r = new Lbfgs(5, 0, 0.5, 500).minimize(rosenbrock, new double[] {-1.2, 1});
    assertThat(r.stop()).isEqualTo(Lbfgs.Stop.VALUE_TOLERANCE);
    assertThat(r.converged()).isTrue();
    assertThat(r.iterations()).isLessThan(500);
    assertThat(r.gradientMaxAbs()).isGreaterThan(0);
  }

  @Test
  void cubicInterpolationFindsTheMinimumOfACubic() {
    // f(t) = (t - 1)^2 on [0, 3]: f(0)=1, f'(0)=-2, f(3)=4, f'(3)=4; minimum at 1.
    assertThat(Lbfgs.cubicMinimum(0, 1, -2, 3, 4, 4)).isCloseTo(1, within(1e-12));
  }
}
