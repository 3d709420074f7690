package dev.clipjvm.clip.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExperimentJsonTest {

  @Test
  void presetsRoundTripThroughJson() {
    for (Experiment e : List.of(ExperimentPresets.demo(600),
        ExperimentPresets.fashionMnist("/data/fashion", 2000),
        ExperimentPresets.demo(10).withInit(Initialization.from(Path.of("/m.safetensors"),
            FrozenTower.IMAGE)))) {
      String json = ExperimentJson.write(e);
      assertThat(ExperimentJson.read(json)).isEqualTo(e);
    }
  }

  @Test
  void anAbsentOrEmptyCheckpointKeyMeansTrainingFromScratch() {
    String json = ExperimentJson.write(ExperimentPresets.demo(600));
    assertThat(json).doesNotContain("\"checkpoint\"");
    String legacy = json.replace("\"frozen\" : \"none\"",
        "\"checkpoint\" : \"\", \"frozen\" : \"none\"");
    assertThat(legacy).contains("\"checkpoint\" : \"\"");
    assertThat(ExperimentJson.read(legacy).init()).isEqualTo(Initialization.scratch());
    String fineTune = json.replace("\"frozen\" : \"none\"",
        "\"checkpoint\" : \"runs/a/model.pt\", \"frozen\" : \"image\"");
    assertThat(ExperimentJson.read(fineTune).init())
        .isEqualTo(Initialization.from(Path.of("runs/a/model.pt"), FrozenTower.IMAGE));
  }

  @Test
  void demoEvaluatesShapeAndColourOnFreshImagesAndHeldOutCombinations() {
    Experiment demo = ExperimentPresets.demo(600);
    assertThat(demo.evaluation().tasks()).extracting(ZeroShotTask::name).containsExactly(
        "shape", "color", "shape_held_out_combos", "color_held_out_combos");
    assertThat(demo.evaluation().tasks().get(0).prompts(2))
        .containsExactly("a photo of a triangle", "a triangle", "a picture of a triangle");
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String json = ExperimentJson.write(ExperimentPresets.demo(600))
        .replace("\"type\" : \"train\"", "\"type\" : \"guess\"")
        .replace("\"attribute\" : \"shape\"", "\"attribute\" : \"size\"")
        .replace("\"frozen\" : \"none\"", "\"frozen\" : \"both\", \"extra\" : 1");
    assertThat(ExperimentJson.parse(json).getError().map(Problem::toString)).containsExactly(
        "tokenizer.type: \"guess\" is not one of train, file",
        "init.frozen: \"both\" is not one of none, image, text",
        "init.extra: unknown key (known here: checkpoint, frozen)",
        "evaluation.tasks[0].images.attribute: \"size\" is not one of shape, color",
        "evaluation.tasks[2].images.attribute: \"size\" is not one of shape, color");
    assertThatThrownBy(() -> ExperimentJson.read(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("tokenizer.type: \"guess\" is not one of train, file; ");
  }

  @Test
  void rejectsDisagreementsBetweenSections() {
    Experiment demo = ExperimentPresets.demo(600);
    assertThatThrownBy(() -> demo.withData(demo.data().withImageSize(64)))
        .hasMessageContaining("data.image_size: 64 differs from the model's image_size 32");
    assertThatThrownBy(() -> new ZeroShotTask("shape",
        new LabelledSet.Synthetic(Attribute.SHAPE, false, 10), List.of("a", "b"), List.of("{}")))
        .hasMessageContaining("class_names: must be [circle, square, triangle, diamond, cross]");
    assertThatThrownBy(() -> new Initialization(Optional.empty(), FrozenTower.TEXT))
        .hasMessageContaining("freezing the text tower needs a checkpoint");
  }
}
