package dev.clipjvm.clip.tf.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.data.source.SourceFormatException;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFilesTest {
  @TempDir Path dir;

  private static Path prompts() {
    return ReferenceFixtures.dir("vit-tiny").resolveSibling("prompts.md");
  }

  /**
   * Counts by plain line counting, independent of the parser: for each "## " section, the
   * non-blank lines between "classes = [" (or "templates = [") and the next line "]".
   */
  private static Map<String, int[]> countedByLines(List<String> lines) {
    Map<String, int[]> out = new LinkedHashMap<>();
    String section = null;
    int list = -1;
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith("## ")) {
        section = line.substring(3);
      } else if (line.equals("classes = [")) {
        list = 0;
      } else if (line.equals("templates = [")) {
        list = 1;
      } else if (line.equals("]")) {
        list = -1;
      } else if (list >= 0 && !line.isEmpty()) {
        out.computeIfAbsent(section, k -> new int[2])[list]++;
      }
    }
    return out;
  }

  @Test
  void everyDatasetOfOpenAisPromptFileParsesWithItsCounts() throws Exception {
    Map<String, int[]> expected = countedByLines(Files.readAllLines(prompts()));
    assertThat(expected).hasSize(26);
    assertThat(PromptFiles.datasets(prompts())).containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      Optional<String> name = Optional.of(e.getKey());
      assertThat(PromptFiles.classes(prompts(), name).classes()).as(e.getKey())
          .hasSize(e.getValue()[0]);
      List<String> templates = PromptFiles.templates(prompts(), name);
      assertThat(templates).as(e.getKey()).hasSize(e.getValue()[1])
          .allMatch(t -> t.contains("{}"));
      // Every dataset makes a valid prompt set.
      new PromptSet(PromptFiles.classes(prompts(), name).classes(), templates);
    }
    assertThat(expected.get("CIFAR10")).containsExactly(10, 18);
    List<ZeroShotClass> fer = PromptFiles.classes(prompts(),
        Optional.of("FacialEmotionRecognition2013")).classes();
    assertThat(fer.get(3)).isEqualTo(new ZeroShotClass("happy", List.of("happy", "smiling")));
    assertThat(fer.get(5).names()).containsExactly("surprised", "shocked", "spooked");
    assertThat(PromptFiles.classes(prompts(), Optional.of("Country211")).classes())
        .extracting(ZeroShotClass::label).contains("Cote d'Ivoire");
    assertThat(PromptFiles.templates(prompts(), Optional.of("GTSRB")))
        .contains("a zoomed in photo of a \"{}\" traffic sign.");
  }

  @Test
  void textAndJsonFiles() throws Exception {
    Path text = Files.writeString(dir.resolve("t.txt"), "a photo of a {}.\n\n  itap of a {}\n");
    assertThat(PromptFiles.templates(text, Optional.empty()))
        .containsExactly("a photo of a {}.", "itap of a {}");
    Path list = Files.writeString(dir.resolve("t.json"), "[\"a {}\", \"the {}\"]");
    assertThat(PromptFiles.templates(list, Optional.empty())).containsExactly("a {}", "the {}");
    Path names = Files.writeString(dir.resolve("c.txt"), "t-shirt, top\ntrouser\n");
    PromptFiles.Classes c = PromptFiles.classes(names, Optional.empty());
    assertThat(c.keys()).isEmpty();
    assertThat(c.classes()).extracting(ZeroShotClass::label).containsExactly("t-shirt, top",
        "trouser");
    Path object = Files.writeString(dir.resolve("c.json"),
        "{\"n01\": \"tench\", \"n02\": [\"goldfish\", \"carassius auratus\"]}");
    PromptFiles.Classes o = PromptFiles.classes(object, Optional.empty());
    assertThat(o.keys()).contains(List.of("n01", "n02"));
    assertThat(o.classes().get(1).names()).containsExactly("goldfish", "carassius auratus");
  }

  @Test
  void badFilesAreNamed() throws Exception {
    assertThatThrownBy(() -> PromptFiles.templates(prompts(), Optional.empty()))
        .isInstanceOf(SourceFormatException.class).hasMessageContaining("--dataset")
        .hasMessageContaining("CIFAR10");
    assertThatThrownBy(() -> PromptFiles.templates(prompts(), Optional.of("ImageNet")))
        .hasMessageContaining("no dataset 'ImageNet'");
    Path empty = Files.writeString(dir.resolve("e.txt"), "\n\n");
    assertThatThrownBy(() -> PromptFiles.templates(empty, Optional.empty()))
        .hasMessageContaining("e.txt holds no templates");
    Path obj = Files.writeString(dir.resolve("o.json"), "{\"a\": 3}");
    assertThatThrownBy(() -> PromptFiles.templates(obj, Optional.empty()))
        .hasMessageContaining("must be a list of strings");
    assertThatThrownBy(() -> PromptFiles.classes(obj, Optional.empty()))
        .hasMessageContaining("name of a must be a non-blank string, got 3");
    Path broken = Files.writeString(dir.resolve("b.md"),
        "## X\nclasses = [\n    'a',\n    b,\n]\ntemplates = [\n    '{}',\n]\n");
    assertThatThrownBy(() -> PromptFiles.classes(broken, Optional.of("X")))
        .hasMessageContaining("b.md line 4: expected a quoted string");
    Path open = Files.writeString(dir.resolve("u.md"), "## X\nclasses = [\n    'a',\n");
    assertThatThrownBy(() -> PromptFiles.classes(open, Optional.of("X")))
        .hasMessageContaining("not closed");
  }
}
