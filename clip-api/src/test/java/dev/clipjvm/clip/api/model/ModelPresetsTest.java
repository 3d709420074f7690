package dev.clipjvm.clip.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPresetsTest {

  @Test
  void acceptsOpenAiAndOpenClipSpellings() {
    ClipConfig l336 = ModelPresets.get("ViT-L/14@336");
    assertThat(ModelPresets.get("vit-l-14-336")).isEqualTo(l336);
    assertThat(ModelPresets.get("ViT-L/14@336px")).isEqualTo(l336);
    assertThat(ModelPresets.get("ViT-B-32")).isEqualTo(ModelPresets.get("vit-b/32"));
    assertThat(((VitConfig) l336.vision()).gridSize()).isEqualTo(24);
  }

  @Test
  void rn50x64HasOpenAisHyperparameters() {
    ClipConfig c = ModelPresets.get("rn50x64");
    assertThat(c.embedDim()).isEqualTo(1024);
    assertThat(c.vision()).isEqualTo(new ResNetConfig(List.of(3, 15, 36, 10), 128, 64, 448));
    assertThat(c.text()).isEqualTo(new TextConfig(77, 49408, 1024, 16, 12));
    assertThat(c.activation()).isEqualTo(Activation.QUICK_GELU);
  }

  @Test
  void unknownNameListsTheKnownPresets() {
    assertThatThrownBy(() -> ModelPresets.get("ViT-H/14"))
        .hasMessageStartingWith("unknown model preset 'ViT-H/14'; known presets: RN50, RN101,");
  }
}
