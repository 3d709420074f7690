package dev.clipjvm.clip.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigValidationTest {

  private static List<String> problems(Runnable construct) {
    try {
      construct.run();
    } catch (InvalidConfigException e) {
      return e.problems().map(Problem::toString).toJavaList();
    }
    throw new AssertionError("expected an InvalidConfigException");
  }

  @Test
  void vitReportsEveryProblemAtOnce() {
    assertThat(problems(() -> new VitConfig(225, 32, 770, 0, 64, 4.25)))
        .containsExactly(
            "layers: 0 must be positive",
            "image_size: 225 is not divisible by patch_size 32",
            "width: 770 is not divisible by head_width 64",
            "mlp_ratio: width * mlp_ratio = 3272.5 is not a whole number");
  }

  @Test
  void resNetReportsStageAndStrideProblems() {
    assertThat(problems(() -> new ResNetConfig(List.of(3, 0, 6), 3, 64, 230)))
        .containsExactly(
            "layers: [3, 0, 6] must list exactly 4 stage depths",
            "layers[1]: 0 must be positive",
            "image_size: 230 is not divisible by 32 (the ResNet's total stride)",
            "width: output width 96 (32 * width) is not divisible by head_width 64");
  }

  @Test
  void clipConfigNestsNothingButChecksItsOwnFields() {
    assertThatThrownBy(() -> ClipConfig.of(0, VitConfig.of(224, 32, 768, 12),
        new TextConfig(77, 49408, 512, 8, 12), Activation.QUICK_GELU).withInitLogitScale(5))
        .isInstanceOf(InvalidConfigException.class);
    assertThat(problems(() -> new ClipConfig(512, null, null, Activation.GELU, 5, 100)))
        .containsExactly(
            "vision_cfg: is missing",
            "text_cfg: is missing",
            "init_logit_scale: exp(5.0) exceeds max_logit_scale 100.0");
  }

  @Test
  void textRejectsWidthNotDivisibleByHeads() {
    assertThat(problems(() -> new TextConfig(0, 49408, 512, 7, 12)))
        .containsExactly(
            "context_length: 0 must be positive",
            "width: 512 is not divisible by heads 7");
  }
}
