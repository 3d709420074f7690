package dev.clipjvm.clip.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.ModelPresets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelJsonTest {

  static List<String> presets() {
    return ModelPresets.names();
  }

  @Test
  void openClipExampleLoadsAsViTB32() {
    String json = """
        {"embed_dim":512,"quick_gelu":true,
         "vision_cfg":{"image_size":224,"layers":12,"width":768,"patch_size":32},
         "text_cfg":{"context_length":77,"vocab_size":49408,"width":512,"heads":8,"layers":12}}
        """;
    assertThat(ConfigJson.readModel(json)).isEqualTo(ModelPresets.get("ViT-B/32"));
  }

  @Test
  void openClipResNetConfigWithNullPatchSizeLoadsAsRN50() {
    String json = """
        {"embed_dim":1024,"quick_gelu":true,
         "vision_cfg":{"image_size":224,"layers":[3,4,6,3],"width":64,"patch_size":null},
         "text_cfg":{"context_length":77,"vocab_size":49408,"width":512,"heads":8,"layers":12}}
        """;
    assertThat(ConfigJson.readModel(json)).isEqualTo(ModelPresets.get("RN50"));
  }

  @Test
  void missingQuickGeluMeansGeluAsInOpenClip() {
    String json = """
        {"embed_dim":512,"vision_cfg":{"image_size":224,"layers":12,"width":768,"patch_size":32},
         "text_cfg":{"width":512,"heads":8,"layers":12}}
        """;
    assertThat(ConfigJson.readModel(json).activation()).isEqualTo(Activation.GELU);
  }

  @ParameterizedTest
  @MethodSource("presets")
  void roundTripsEveryPreset(String name) {
    ClipConfig preset = ModelPresets.get(name);
    String json = ConfigJson.write(preset);
    ClipConfig read = ConfigJson.readModel(json);
    assertThat(read).isEqualTo(preset);
    assertThat(ConfigJson.write(read)).isEqualTo(json);
  }

  @Test
  void reportsUnknownKeysWithTheirPath() {
    String json = ConfigJson.write(ModelPresets.get("ViT-B/32"))
        .replace("\"patch_size\"", "\"foo\" : 1, \"patch_size\"")
        .replace("\"embed_dim\"", "\"bar\" : 2, \"embed_dim\"");
    assertThatThrownBy(() -> ConfigJson.readModel(json))
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).problems().map(Problem::toString)
            .toJavaList()).asList()
        .containsExactly(
            "vision_cfg.foo: unknown key (known here: head_width, image_size, layers, mlp_ratio, "
                + "patch_size, width)",
            "bar: unknown key (known here: embed_dim, init_logit_scale, max_logit_scale, "
                + "quick_gelu, text_cfg, vision_cfg)");
  }

  @Test
  void reportsEveryProblemAtOnceWithPaths() {
    String json = """
        {"embed_dim":0,"quick_gelu":"yes",
         "vision_cfg":{"image_size":224,"layers":12,"width":770},
         "text_cfg":{"width":512,"heads":7,"layers":"twelve"}}
        """;
    assertThatThrownBy(() -> ConfigJson.readModel(json))
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).problems().map(Problem::toString)
            .toJavaList()).asList()
        .containsExactlyInAnyOrder(
            "embed_dim: 0 must be positive",
            "quick_gelu: expected true or false, got \"yes\"",
            "vision_cfg.patch_size: is missing",
            "vision_cfg.width: 770 is not divisible by head_width 64",
            "text_cfg.layers: expected an integer, got \"twelve\"",
            "text_cfg.width: 512 is not divisible by heads 7");
  }

  @Test
  void reportsResNetStageProblemsAndMissingSections() {
    String json = """
        {"embed_dim":64,"vision_cfg":{"image_size":100,"layers":[1,0,1],"width":16,
         "mlp_ratio":4}}
        """;
    assertThatThrownBy(() -> ConfigJson.readModel(json))
        .extracting(e -> ((InvalidConfigException) e).problems().map(Problem::toString)
            .toJavaList()).asList()
        .containsExactlyInAnyOrder(
            "vision_cfg.mlp_ratio: a ResNet (layers is a list) has no MLP",
            "text_cfg: is missing",
            "vision_cfg.layers: [1, 0, 1] must list exactly 4 stage depths",
            "vision_cfg.image_size: 100 is not divisible by 32 (the ResNet's total stride)",
            "vision_cfg.layers[1]: 0 must be positive");
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.json");
    Files.writeString(file, "{\"embed_dim\": 512,\n \"vision_cfg\": {");
    assertThatThrownBy(() -> ConfigJson.readModel(file))
        .hasMessageStartingWith(file + ": vision_cfg: line 2, column 17: malformed JSON");
    Files.writeString(file, ConfigJson.write(ModelPresets.get("RN50")).replace("\"width\" : 64",
        "\"width\" : 64, \"foo\" : 1"));
    assertThatThrownBy(() -> ConfigJson.readModel(file))
        .hasMessage(file + ": vision_cfg.foo: unknown key (known here: head_width, image_size, "
            + "layers, mlp_ratio, patch_size, width)");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> ConfigJson.readModel("{\"embed_dim\": 1, \"embed_dim\": 2}"))
        .hasMessage("embed_dim: duplicate key (line 1, column 29)");
  }
}
