package dev.clipjvm.clip.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.data.DataJson;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.train.TrainingConfig;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one JSON layer: strict parsing, one wording, every problem at once, ranges checked. */
class StrictJsonTest {
  private static final String PIPELINE = """
      {"source": {"type": "synthetic", "samples": 10},
       "stages": [{"stage": "decode"}, {"stage": "augment"}, %s]}""";

  private static Seq<Problem> problems(Validation<Seq<Problem>, ?> result) {
    assertThat(result.isInvalid()).as("invalid: %s", result).isTrue();
    return result.getError();
  }

  @Test
  void aModelFileWithThreeMistakesGivesThreeProblemsWithTheirPaths(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("m.json");
    Files.writeString(file, ConfigJson.write(ModelPresets.get("ViT-B/32"))
        .replace("\"patch_size\" : 32", "\"patch_size\" : \"32\"")
        .replace("\"heads\" : 8", "\"heads\" : 7")
        .replace("\"embed_dim\"", "\"embed_dims\" : 1, \"embed_dim\""));

    assertThat(problems(ConfigJson.parseModel(file))).containsExactly(
        new Problem("vision_cfg.patch_size", "expected an integer, got \"32\""),
        new Problem("text_cfg.width", "512 is not divisible by heads 7"),
        new Problem("embed_dims", "unknown key (known here: embed_dim, init_logit_scale, "
            + "max_logit_scale, quick_gelu, text_cfg, vision_cfg)"));
    assertThatThrownBy(() -> ConfigJson.readModel(file))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.source()).isEqualTo(file.toString());
          assertThat(e.problems()).hasSize(3);
        })
        .hasMessageStartingWith(file + ": vision_cfg.patch_size: expected an integer, got \"32\"; "
            + "text_cfg.width: 512 is not divisible by heads 7; embed_dims: unknown key");
  }

  @Test
  void aValidDocumentIsValid() {
    assertThat(ConfigJson.parseModel(ConfigJson.write(ModelPresets.get("RN50"))).get())
        .isEqualTo(ModelPresets.get("RN50"));
    assertThat(ExperimentJson.parse(ExperimentJson.write(ExperimentPresets.demo(10))).get())
        .isEqualTo(ExperimentPresets.demo(10));
  }

  @Test
  void aMissingFileIsAProblemNamingTheFile(@TempDir Path dir) {
    Path file = dir.resolve("none.json");
    assertThat(problems(ExperimentJson.parse(file)))
        .containsExactly(new Problem("", "no such file"));
    assertThatThrownBy(() -> ExperimentJson.read(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(file + ": no such file");
  }

  @Test
  void aDuplicateKeyIsRejectedWithItsPath() {
    String json = ConfigJson.write(ModelPresets.get("ViT-B/32"))
        .replace("\"patch_size\" : 32", "\"patch_size\" : 32, \"width\" : 768");
    assertThat(problems(ConfigJson.parseModel(json))).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("vision_cfg.width"))
        .satisfies(p -> assertThat(p.message()).startsWith("duplicate key (line "));
    assertThat(problems(DataJson.parsePipeline(PIPELINE.formatted(
        "{\"stage\": \"batch\", \"size\": 2, \"size\": 3}"))).head().path())
        .isEqualTo("stages[2].size");
  }

  @Test
  void trailingTokensAreRejected() {
    assertThat(problems(ConfigJson.parseTraining("{} {}")).head().message())
        .contains("malformed JSON");
  }

  @Test
  void aWronglyTypedOptionalValueIsAnErrorNotItsDefault() {
    String model = ConfigJson.write(ModelPresets.get("ViT-B/32"))
        .replace("\"mlp_ratio\" : 4.0", "\"mlp_ratio\" : \"4\"")
        .replace("\"head_width\" : 64", "\"head_width\" : 64.5");
    assertThat(problems(ConfigJson.parseModel(model))).containsExactly(
        new Problem("vision_cfg.head_width", "expected an integer, got 64.5"),
        new Problem("vision_cfg.mlp_ratio", "expected a number, got \"4\""));
    assertThat(problems(DataJson.parseConfig("""
        {"source": {"type": "synthetic", "samples": 4, "held_out": 1}, "shuffle_buffer": "x"}
        """))).containsExactly(
            new Problem("source.held_out", "expected true or false, got 1"),
            new Problem("shuffle_buffer", "expected an integer, got \"x\""));
  }

  @Test
  void integersThatDoNotFitAreRejectedNotWrapped() {
    assertThat(problems(DataJson.parsePipeline(PIPELINE.formatted(
        "{\"stage\": \"batch\", \"size\": 4294967360}, "
            + "{\"stage\": \"prefetch\", \"workers\": 4294967298}")))).containsExactly(
        new Problem("stages[2].size", "4294967360 does not fit in a 32-bit integer"),
        new Problem("stages[3].workers", "4294967298 does not fit in a 32-bit integer"));
    assertThat(problems(ConfigJson.parseTraining(ConfigJson.write(TrainingConfig.demo())
        .replace("\"batch_size\" : 64", "\"batch_size\" : 4294967360")))).containsExactly(
        new Problem("batch_size", "4294967360 does not fit in a 32-bit integer"));
    assertThat(problems(ConfigJson.parseTraining(ConfigJson.write(TrainingConfig.demo())
        .replace("\"batch_size\" : 64", "\"batch_size\" : 2000000")))).containsExactly(
        new Problem("batch_size", "2000000 is above the limit of 1048576"));
    assertThat(problems(DataJson.parsePosition("{\"draws\": 1e400, \"parts\": "
        + "[{\"epoch\": 0, \"consumed\": 99999999999999999999}]}"))).containsExactly(
        new Problem("draws", "expected an integer, got Infinity"),
        new Problem("parts[0].consumed",
            "99999999999999999999 does not fit in a 64-bit integer"));
  }

  @Test
  void sizesThatWouldOverflowOrExhaustMemoryAreRejectedAtValidation() {
    String model = ConfigJson.write(ModelPresets.get("ViT-B/32"))
        .replace("\"mlp_ratio\" : 4.0", "\"mlp_ratio\" : 33554432.5")
        .replace("\"layers\" : 12,", "\"layers\" : 2147483647,")
        .replace("\"context_length\" : 77", "\"context_length\" : 2147483647");
    assertThat(problems(ConfigJson.parseModel(model))).contains(
        new Problem("vision_cfg.layers", "2147483647 is above the limit of 256"),
        new Problem("vision_cfg.mlp_ratio", "33554432.5 is above the limit of 64"),
        new Problem("text_cfg.context_length", "2147483647 is above the limit of 4096"));
    assertThat(problems(ConfigJson.parseModel(ConfigJson.write(ModelPresets.get("ViT-B/32"))
        .replace("\"mlp_ratio\" : 4.0", "\"mlp_ratio\" : 1e400")))).containsExactly(
        new Problem("vision_cfg.mlp_ratio", "Infinity must be positive and finite"));
    String experiment = ExperimentJson.write(ExperimentPresets.demo(10))
        .replaceFirst("\"count\" : \\d+", "\"count\" : 2147483647");
    assertThat(problems(ExperimentJson.parse(experiment))).containsExactly(
        new Problem("evaluation.tasks[0].images.count", "2147483647 is above the limit of "
            + "1000000"));
  }

  @Test
  void hostileDocumentsArePlainProblems() {
    for (String json : new String[] {"", "   ", "null", "[]", "7", "\"x\"", "{",
        "[".repeat(100_000), "{\"embed_dim\": " + "9".repeat(5000) + "}",
        "{\"vision_cfg\": [], \"text_cfg\": {\"layers\": {}}}"}) {
      assertThat(problems(ConfigJson.parseModel(json))).as(json.substring(0,
          Math.min(json.length(), 30))).isNotEmpty();
    }
    assertThat(problems(ConfigJson.parseModel("[]"))).containsExactly(
        new Problem("", "expected a JSON object, got []"));
    assertThat(problems(ConfigJson.parseModel(" "))).containsExactly(
        new Problem("", "expected a JSON object, got an empty document"));
  }

  @Test
  void nestedProblemsKeepTheirPathsWhenSeenFromOutside() {
    Problem p = new Problem("[2].size", "bad");
    assertThat(p.under("stages")).isEqualTo(new Problem("stages[2].size", "bad"));
    assertThat(new Problem("width", "bad").under("vision_cfg").toString())
        .isEqualTo("vision_cfg.width: bad");
    assertThat(new Problem("", "no such file").under("data"))
        .isEqualTo(new Problem("data", "no such file"));
  }
}
