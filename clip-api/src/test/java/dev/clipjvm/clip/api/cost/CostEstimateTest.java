package dev.clipjvm.clip.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.model.ModelPresets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

  @ParameterizedTest
  @CsvSource({
      "RN50, 102007137",
      "RN101, 119688033",
      "RN50x4, 178300601",
      "RN50x16, 290979217",
      "RN50x64, 623258305",
      "ViT-B/32, 151277313",
      "ViT-B/16, 149620737",
      "ViT-L/14, 427616513",
      "ViT-L/14@336, 427944193"})
  void countsEqualTheReferenceImplementation(String name, long expected) {
    CostEstimate e = CostEstimate.of(ModelPresets.get(name));
    assertThat(e.params()).isEqualTo(expected);
    assertThat(e.imageParams() + e.textParams()).isEqualTo(expected);
  }

  @Test
  void splitsViTB32IntoImageAndTextTowers() {
    CostEstimate e = CostEstimate.of(ModelPresets.get("ViT-B/32"));
    // visual: 87,849,216; text: 63,428,097 (logit scale included).
    assertThat(e.imageParams()).isEqualTo(87_849_216L);
    assertThat(e.textParams()).isEqualTo(63_428_097L);
  }

  @Test
  void vitB32MacsMatchThePublishedFigures() {
    CostEstimate e = CostEstimate.of(ModelPresets.get("ViT-B/32"));
    assertThat(e.imageMacs() / 1e9).isCloseTo(4.41, within(4.41 * 0.03));
    assertThat(e.textMacs() / 1e9).isCloseTo(2.98, within(2.98 * 0.03));
  }

  @Test
  void textMacsGrowWithContextLength() {
    var text = ModelPresets.get("ViT-B/32").text();
    long full = CostEstimate.textMacs(text, 512);
    long half = CostEstimate.textMacs(text.withContextLength(38), 512);
    assertThat(half).isLessThan(full / 2 + 512 * 512);
  }
}
