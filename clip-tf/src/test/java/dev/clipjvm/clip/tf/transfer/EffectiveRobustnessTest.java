package dev.clipjvm.clip.tf.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveRobustnessTest {

  private static double s(double x) {
    return EffectiveRobustness.sigmoid(x);
  }

  @Test
  void recoversAnExactLogitLine() {
    // logit(shifted) = 0.8 logit(id) - 1 for three baseline models.
    List<EffectiveRobustness.Point> baseline = List.of(
        new EffectiveRobustness.Point(s(0), s(-1)),
        new EffectiveRobustness.Point(s(1), s(-0.2)),
        new EffectiveRobustness.Point(s(2.5), s(1)));
    EffectiveRobustness.Fit f = EffectiveRobustness.fit(baseline);
    assertThat(f.slope()).isCloseTo(0.8, within(1e-12));
    assertThat(f.intercept()).isCloseTo(-1, within(1e-12));
    // A model at logit(id) = 1.5 the line puts at s(0.2); it reaches 0.7.
    EffectiveRobustness.Point model = new EffectiveRobustness.Point(s(1.5), 0.7);
    assertThat(f.effectiveRobustness(model)).isCloseTo(0.7 - s(0.2), within(1e-12));
  }

  @Test
  void needsTwoDistinctBaselines() {
    assertThatThrownBy(() -> EffectiveRobustness.fit(List.of(
        new EffectiveRobustness.Point(0.5, 0.3), new EffectiveRobustness.Point(0.5, 0.2))))
        .hasMessageContaining("at least two baseline models");
    assertThatThrownBy(() -> new EffectiveRobustness.Point(1.2, 0.3))
        .hasMessageContaining("[0, 1]");
  }
}
