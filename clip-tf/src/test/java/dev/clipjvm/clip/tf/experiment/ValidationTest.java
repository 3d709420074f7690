package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ValidationTest {

  @Test
  void lossOfOrthogonalPairsIsTheHandValue() {
    // Two pairs, image i = text i = e_i: logits [[s, 0], [0, s]]; each cross-entropy is
    // log(e^s + 1) - s in both directions.
    float[] f = {1, 0, 0, 1};
    double s = 3;
    assertThat(Validation.loss(f, f, 2, 2, 8, s))
        .isCloseTo(Math.log(Math.exp(s) + 1) - s, within(1e-12));
  }

  @Test
  void equalFeaturesGiveLogOfTheBlockSize() {
    // Five identical pairs in blocks of 2: blocks of 2 and 3 (a last block of one joins the
    // previous one); each pair's loss is log(block size).
    float[] f = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    double expected = (2 * Math.log(2) + 3 * Math.log(3)) / 5;
    assertThat(Validation.loss(f, f, 2, 5, 2, 10)).isCloseTo(expected, within(1e-12));
  }
}
