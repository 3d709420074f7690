package dev.clipjvm.clip.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.model.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationCommandJsonTest {

  private static final List<EvaluationCommand> COMMANDS = List.of(
      new EvaluationCommand.ZeroShot("zs", "data/test", "classes.txt", "templates.txt",
          Optional.of("CIFAR10")),
      new EvaluationCommand.LinearProbe("probe", "data/train", "data/test", Optional.of(1e-3),
          0.2, true),
      new EvaluationCommand.Retrieval("retrieval", "captions.csv"),
      new EvaluationCommand.Robustness("synthetic_shifts", Optional.of(Attribute.SHAPE),
          List.of(SyntheticShift.OUTLINE, SyntheticShift.NOISE), 200, 3, Optional.empty(),
          List.of(), Optional.empty(), Optional.empty(), List.of("baseline.json")),
      new EvaluationCommand.Robustness("folders", Optional.empty(), List.of(), 500, 0,
          Optional.of("data/test"), List.of(new EvaluationCommand.ShiftedImages("sketch",
              "data/sketch")), Optional.of("classes.txt"), Optional.of("templates.txt"),
          List.of()));

  @Test
  void commandsRoundTripThroughTheExperimentJson() {
    Experiment e = ExperimentPresets.demo(10).withEvaluation(
        ExperimentPresets.demo(10).evaluation().withCommands(COMMANDS));
    String json = ExperimentJson.write(e);
    assertThat(json).contains("\"commands\"", "\"type\" : \"linear_probe\"",
        "\"shifts\" : [ \"outline\", \"noise\" ]");
    assertThat(ExperimentJson.read(json)).isEqualTo(e);
  }

  @Test
  void theNameDefaultsToTheType() {
    String json = ExperimentJson.write(ExperimentPresets.demo(10)).replace(
        "\"batch_size\" : 250,", "\"batch_size\" : 250, \"commands\" : [{\"type\" : "
            + "\"retrieval\", \"data\" : \"c.csv\"}],");
    assertThat(ExperimentJson.read(json).evaluation().commands())
        .containsExactly(new EvaluationCommand.Retrieval("retrieval", "c.csv"));
  }

  @Test
  void reportsEveryProblemOfTheCommandsWithItsPath() {
    String commands = "[{\"type\" : \"retrieval\"}, {\"type\" : \"ranking\"}, "
        + "{\"type\" : \"robustness\", \"synthetic\" : \"shape\", \"shifts\" : [\"sideways\"]},"
        + "{\"type\" : \"robustness\", \"images\" : \"d\"},"
        + "{\"type\" : \"linear_probe\", \"train_images\" : \"a\", \"test_images\" : \"b\", "
        + "\"l2\" : -1, \"extra\" : 1}]";
    String json = ExperimentJson.write(ExperimentPresets.demo(10)).replace(
        "\"batch_size\" : 250,", "\"batch_size\" : 250, \"commands\" : " + commands + ",");
    assertThat(ExperimentJson.parse(json).getError().map(Problem::toString)).containsExactly(
        "evaluation.commands[0].data: is missing",
        "evaluation.commands[1].type: \"ranking\" is not one of zeroshot, linear_probe, "
            + "retrieval, robustness",
        "evaluation.commands[2].shifts: \"sideways\" is not one of colored_background, "
            + "outline, filled, pastel, noise",
        "evaluation.commands[3].images: needs synthetic (with shifts), or images with "
            + "classes, templates and shifted",
        "evaluation.commands[4].extra: unknown key (known here: l2, name, pre_projection, "
            + "test_images, train_images, type, val_fraction)",
        "evaluation.commands[4].l2: -1.0 must be a finite number >= 0");
  }

  @Test
  void namesAreUnique() {
    String commands = "[{\"type\" : \"zeroshot\", \"name\" : \"x\", \"images\" : \"i\", "
        + "\"classes\" : \"c\", \"templates\" : \"t\"}, {\"type\" : \"retrieval\", "
        + "\"name\" : \"x\", \"data\" : \"d\"}]";
    String json = ExperimentJson.write(ExperimentPresets.demo(10)).replace(
        "\"batch_size\" : 250,", "\"batch_size\" : 250, \"commands\" : " + commands + ",");
    assertThat(ExperimentJson.parse(json).getError().map(Problem::toString)).containsExactly(
        "evaluation.commands: the name x is used twice");
  }
}
