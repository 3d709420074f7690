package dev.clipjvm.clip.api.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.model.ModelPresets;
import org.junit.jupiter.api.Test;

class ParameterManifestTest {

  @Test
  void listsVitTensorsInStateDictOrderWithPyTorchLayouts() {
    ParameterManifest m = ParameterManifest.of(ModelPresets.get("ViT-B/32"));
    assertThat(m.entries().subList(0, 7)).containsExactly(
        ParameterSpec.parameter("positional_embedding", 77, 512),
        ParameterSpec.parameter("text_projection", 512, 512),
        ParameterSpec.parameter("logit_scale"),
        ParameterSpec.parameter("visual.class_embedding", 768),
        ParameterSpec.parameter("visual.positional_embedding", 50, 768),
        ParameterSpec.parameter("visual.proj", 768, 512),
        ParameterSpec.parameter("visual.conv1.weight", 768, 3, 32, 32));
    assertThat(m.entries()).contains(
        ParameterSpec.parameter("visual.transformer.resblocks.11.mlp.c_fc.weight", 3072, 768),
        ParameterSpec.parameter("transformer.resblocks.0.attn.in_proj_weight", 1536, 512));
    assertThat(m.entries().get(m.entries().size() - 1))
        .isEqualTo(ParameterSpec.parameter("ln_final.bias", 512));
    assertThat(m.buffers()).isEmpty();
  }

  @Test
  void resNetBuffersAreListedButNotCounted() {
    ParameterManifest m = ParameterManifest.of(ModelPresets.get("RN50"));
    assertThat(m.entries()).contains(
        ParameterSpec.parameter("visual.layer2.0.downsample.0.weight", 512, 256, 1, 1),
        ParameterSpec.buffer("visual.layer2.0.downsample.1.running_var", 512),
        ParameterSpec.buffer("visual.bn1.num_batches_tracked"),
        ParameterSpec.parameter("visual.attnpool.positional_embedding", 50, 2048),
        ParameterSpec.parameter("visual.attnpool.c_proj.weight", 1024, 2048));
    // 3 stem + 16 blocks * 3 + 4 shortcuts = 55 BatchNorms, 3 buffers each.
    assertThat(m.buffers()).hasSize(55 * 3);
    assertThat(m.entries()).doesNotContain(
        ParameterSpec.parameter("visual.layer1.1.downsample.0.weight", 256, 256, 1, 1));
  }

  @Test
  void specShapeCannotBeMutated() {
    ParameterSpec s = ParameterSpec.parameter("w", 2, 3);
    s.shape()[0] = 7;
    assertThat(s.shape()).containsExactly(2, 3);
    assertThat(s.count()).isEqualTo(6);
  }
}
