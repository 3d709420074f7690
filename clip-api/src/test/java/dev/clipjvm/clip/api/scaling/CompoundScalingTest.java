package dev.clipjvm.clip.api.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompoundScalingTest {
  private static final CompoundScaling SCALING = CompoundScaling.EFFICIENTNET;

  @ParameterizedTest
  @CsvSource({"RN50, 4", "RN50, 16", "RN50, 64", "ViT-B/32, 4", "ViT-B/16, 2", "tiny-rn, 8"})
  void hitsTheRequestedImageComputeWithin15Percent(String name, double compute) {
    ClipConfig base = ModelPresets.get(name);
    for (CompoundScaling scaling : List.of(CompoundScaling.PAPER, CompoundScaling.EFFICIENTNET)) {
      ScaledModel s = scaling.scale(base, compute);
      double ratio = CostEstimate.of(s.config()).imageMacs()
          / (double) CostEstimate.of(base).imageMacs();
      assertThat(ratio).as("%s x%s with %s", name, compute, scaling)
          .isCloseTo(compute, within(0.15 * compute));
      assertThat(s.achievedCompute()).isCloseTo(ratio, within(1e-9));
    }
  }

  @Test
  void paperCoefficientsSplitComputeEquallyAsOpenAisRN50x64() {
    ScalingFactors f = CompoundScaling.PAPER.factors(64);
    assertThat(f.depth()).isCloseTo(4, within(1e-9));
    assertThat(f.width()).isCloseTo(2, within(1e-9));
    assertThat(f.resolution()).isCloseTo(2, within(1e-9));
    ClipConfig rounded = CompoundScaling.apply(ModelPresets.get("RN50"), f).config();
    assertThat(rounded.vision())
        .isEqualTo(new ResNetConfig(List.of(12, 16, 24, 12), 128, 64, 448));
    assertThat(rounded.text().width()).isEqualTo(1024);
  }

  @Test
  void idealFactorsFollowTheCoefficients() {
    ScalingFactors f = SCALING.factors(4);
    double phi = Math.log(4) / Math.log(1.2 * 1.1 * 1.1 * 1.15 * 1.15);
    assertThat(f.depth()).isCloseTo(Math.pow(1.2, phi), within(1e-12));
    assertThat(f.width()).isCloseTo(Math.pow(1.1, phi), within(1e-12));
    assertThat(f.resolution()).isCloseTo(Math.pow(1.15, phi), within(1e-12));
    assertThat(f.compute()).isCloseTo(4, within(1e-9));
  }

  @Test
  void fixedAxesLeaveTheRestOfTheBudgetToTheOthers() {
    ScalingFactors f = SCALING.factors(4, Map.of(Axis.RESOLUTION, 1.0));
    assertThat(f.resolution()).isEqualTo(1.0);
    assertThat(f.compute()).isCloseTo(4, within(1e-9));
    ScaledModel s = SCALING.scale(ModelPresets.get("RN50"), 4, Map.of(Axis.RESOLUTION, 1.0));
    assertThat(s.config().vision().imageSize()).isEqualTo(224);
    assertThat(s.achievedCompute()).isCloseTo(4, within(0.6));
  }

  @Test
  void singleAxesRoundToValidSizes() {
    ClipConfig rn50 = ModelPresets.get("RN50");
    assertThat(CompoundScaling.apply(rn50, new ScalingFactors(1.3, 1, 1)).config().vision())
        .isEqualTo(new ResNetConfig(List.of(3, 4, 6, 3), 80, 64, 224));
    assertThat(CompoundScaling.apply(rn50, new ScalingFactors(1, 2, 1)).config().vision())
        .isEqualTo(new ResNetConfig(List.of(6, 8, 12, 6), 64, 64, 224));
    assertThat(CompoundScaling.apply(rn50, new ScalingFactors(1, 1, 1.45)).config().vision())
        .isEqualTo(new ResNetConfig(List.of(3, 4, 6, 3), 64, 64, 320));
    ClipConfig vit = CompoundScaling.apply(ModelPresets.get("ViT-B/32"),
        new ScalingFactors(1.25, 1, 1.5)).config();
    // 224 * 1.5 = 336 is 10.5 patches of 32, rounded half up to 11.
    assertThat(vit.vision()).isEqualTo(VitConfig.of(352, 32, 960, 12));
  }

  @Test
  void textScalesInWidthOnlyWithTheImageWidth() {
    ClipConfig scaled = CompoundScaling.apply(ModelPresets.get("RN50"),
        new ScalingFactors(1.25, 1, 1)).config();
    assertThat(scaled.text().width()).isEqualTo(640);
    assertThat(scaled.text().heads()).isEqualTo(10);
    assertThat(scaled.text().layers()).isEqualTo(12);
    assertThat(scaled.embedDim()).isEqualTo(1024);
  }

  @Test
  void rejectsFixingEveryAxis() {
    assertThatThrownBy(() -> SCALING.factors(4,
        Map.of(Axis.WIDTH, 1.0, Axis.DEPTH, 2.0, Axis.RESOLUTION, 1.0)))
        .hasMessage("compute: every axis is fixed; nothing is left to scale");
  }

  @Test
  void factorsBeyondTheLimitsAreRefusedNamingTheAxisNotWrappedAround() {
    ClipConfig rn50 = ModelPresets.get("RN50");
    assertThatThrownBy(() -> CompoundScaling.apply(rn50, new ScalingFactors(1e9, 1, 1)))
        .isInstanceOf(dev.clipjvm.clip.api.model.InvalidConfigException.class)
        .hasMessageContaining("width: factor 1.0E9 gives 6.40000e+10 (64 x 1.0E9), more than "
            + "the limit 1024");
    assertThatThrownBy(() -> CompoundScaling.apply(rn50, new ScalingFactors(1, 1e12, 1)))
        .hasMessageContaining("depth: factor 1.0E12");
    assertThatThrownBy(() -> CompoundScaling.apply(ModelPresets.get("ViT-B/32"),
        new ScalingFactors(1, 1, 1e10))).hasMessageContaining("resolution: factor 1.0E10");
  }
}
