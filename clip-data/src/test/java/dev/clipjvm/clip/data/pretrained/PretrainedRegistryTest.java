package dev.clipjvm.clip.data.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.data.image.Normalization;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PretrainedRegistryTest {

  @Test
  void listsOpenAisNineModelsThenTheFourHubIds() {
    assertThat(PretrainedRegistry.names()).containsExactly("RN50", "RN101", "RN50x4", "RN50x16",
        "RN50x64", "ViT-B/32", "ViT-B/16", "ViT-L/14", "ViT-L/14@336",
        "openai/clip-vit-base-patch32", "openai/clip-vit-base-patch16",
        "openai/clip-vit-large-patch14", "openai/clip-vit-large-patch14-336");
  }

  @Test
  void everyOpenAiUrlCarriesItsOwnHashAndFileName() {
    for (PretrainedModel m : PretrainedRegistry.all()) {
      if (m.source() != Source.OPENAI) {
        continue;
      }
      String[] path = m.url().getPath().split("/");
      assertThat(m.hash()).as(m.name())
          .isEqualTo(new ExpectedHash.Published(path[path.length - 2]));
      assertThat(m.url().getHost()).isEqualTo("openaipublic.azureedge.net");
    }
    assertThat(PretrainedRegistry.find("ViT-L/14@336px").orElseThrow().url())
        .isEqualTo(URI.create("https://openaipublic.azureedge.net/clip/models/"
            + "3035c92b350959924f9f00213499208652fc7ea050643e8b385c2dac08641f02/"
            + "ViT-L-14-336px.pt"));
  }

  @Test
  void resolutionsAndContextAgreeWithTheArchitecturePresets() {
    for (PretrainedModel m : PretrainedRegistry.all()) {
      var preset = ModelPresets.get(m.preset());
      assertThat(m.imageSize()).as(m.name()).isEqualTo(preset.vision().imageSize());
      assertThat(m.contextLength()).as(m.name()).isEqualTo(preset.text().contextLength());
      assertThat(m.normalization()).isSameAs(Normalization.CLIP);
    }
  }

  @Test
  void hubIdsResolveToTheirSafetensorsFile() throws Exception {
    PretrainedModel m = PretrainedRegistry.get("openai/clip-vit-large-patch14-336");
    assertThat(m.url()).isEqualTo(URI.create(
        "https://huggingface.co/openai/clip-vit-large-patch14-336/resolve/main/model.safetensors"));
    assertThat(m.hash()).isInstanceOf(ExpectedHash.FromServer.class);
    assertThat(m.preset()).isEqualTo("ViT-L/14@336");
    assertThat(m.imageSize()).isEqualTo(336);
    assertThat(m.cacheFile()).isEqualTo(
        Path.of("huggingface", "openai", "clip-vit-large-patch14-336", "model.safetensors"));
  }

  @Test
  void namesMatchWithThePresetSpellingRules() {
    assertThat(PretrainedRegistry.find("vit-b-32").map(PretrainedModel::name))
        .contains("ViT-B/32");
    assertThat(PretrainedRegistry.find(" rn50X4 ").map(PretrainedModel::name)).contains("RN50x4");
    assertThat(PretrainedRegistry.find("ViT-L-14-336").map(PretrainedModel::name))
        .contains("ViT-L/14@336");
    assertThat(PretrainedRegistry.find("OpenAI/CLIP-ViT-Base-Patch16").map(PretrainedModel::name))
        .contains("openai/clip-vit-base-patch16");
    assertThat(PretrainedRegistry.find("ViT-B/8")).isEqualTo(Optional.empty());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    UnknownModelException e = catchThrowableOfType(UnknownModelException.class,
        () -> PretrainedRegistry.get("ViT-H/14"));
    assertThat(e)
        .hasMessageStartingWith("unknown pretrained model 'ViT-H/14'; known models: RN50, ")
        .hasMessageContaining("openai/clip-vit-base-patch32");
    assertThat(e.known()).hasSize(13);
  }

  @Test
  void aMirrorReplacesSchemeHostAndPort() {
    PretrainedModel m = PretrainedRegistry.find("RN50").orElseThrow();
    assertThat(m.location(Optional.of(URI.create("http://127.0.0.1:8080/mirror/"))))
        .isEqualTo(URI.create("http://127.0.0.1:8080/mirror/clip/models/"
            + "afeb0e10f9e5a86da6080e35cf09123aca3b358a0c3e3b6c78a7b63bc04b6762/RN50.pt"));
    assertThat(m.location(Optional.empty())).isEqualTo(m.url());
    assertThat(m.cacheFile()).isEqualTo(Path.of("openai", "RN50.pt"));
  }

  @Test
  void rejectsEntriesWhoseCachePathCouldLeaveTheCache() {
    var e = catchThrowableOfType(IllegalArgumentException.class,
        () -> new PretrainedModel("../evil", "RN50", Source.HUGGING_FACE,
            URI.create("https://example.org/a/.."), new ExpectedHash.FromServer(), 0,
            Normalization.CLIP, 77));
    assertThat(e).hasMessageContaining("url must end in a plain file name")
        .hasMessageContaining("hub id must be plain names")
        .hasMessageContaining("imageSize must be positive, got 0");
  }
}
