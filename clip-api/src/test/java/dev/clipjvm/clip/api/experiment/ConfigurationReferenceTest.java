package dev.clipjvm.clip.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.json.ConfigSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationReferenceTest {
  /** The committed page, from the module directory the tests run in. */
  private static final Path PAGE = Path.of("..", "docs", "configuration.md");

  @Test
  void theCommittedPageIsWhatTheReadersGenerate() throws IOException {
    String committed = Files.readString(PAGE, StandardCharsets.UTF_8);
    assertThat(committed)
        .as("docs/configuration.md differs from the configuration readers; regenerate it from "
            + "the repository root with: " + ConfigurationReference.COMMAND)
        .isEqualTo(ConfigurationReference.markdown());
  }

  @Test
  void everyKeyIsDocumentedWithItsTypeAndDefault() {
    ConfigSchema schema = ExperimentJson.schema();
    assertThat(schema.undocumented()).isEmpty();
    List<String> rows = schema.keys().stream()
        .map(k -> k.variant() + "|" + k.path() + "|" + k.type() + "|" + k.fallback()).toList();
    assertThat(rows).contains(
        "|training.batch_size|integer|required",
        "|training.keep_checkpoints|integer|`1`",
        "|data.shuffle_buffer|integer|`1000`",
        "|data.max_bad_fraction|number|`0.05`",
        "|init.checkpoint|path|none",
        "data.source (csv)|data.source.path|path|required",
        "data.source (csv)|data.source.caption_column|string|`\"title\"`",
        "data.source (webdataset)|data.source.shards|path or list of paths|required",
        "tokenizer (file)|tokenizer.merges|path|required",
        "evaluation.tasks[].images (idx)|evaluation.tasks[].images.limit|integer|`0`",
        "data.augmentation (random_resized_crop)|data.augmentation.scale|[number, number]"
            + "|`[0.9, 1]`");
    // A mixed source's parts are sources: documented once, not recursively.
    assertThat(rows).noneMatch(r -> r.contains("sources[].source.seed"));
  }
}
