package dev.clipjvm.clip.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.CsvSource;
import dev.clipjvm.clip.api.data.IdxSource;
import dev.clipjvm.clip.api.json.Overrides;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.train.TrainingLength;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment files: paths relative to the file's folder, and {@code --set} edits. */
class ExperimentFileTest {
  @TempDir Path dir;

  private Path write(Experiment e) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("configs/sub"));
    Path file = folder.resolve("e.json");
    Files.writeString(file, ExperimentJson.write(e));
    return file;
  }

  private static Experiment fashion(String data) {
    return ExperimentPresets.fashionMnist(data, 100)
        .withTokenizer(new TokenizerConfig.File("vocab/merges.txt"))
        .withInit(Initialization.from(Path.of("../runs/demo"), FrozenTower.IMAGE));
  }

  private static Validation<Seq<Problem>, Experiment> parse(Path file, String... sets) {
    return ExperimentJson.parse(file, Overrides.parse(List.of(sets)).get());
  }

  @Test
  void relativePathsStartAtTheFilesFolderAndAbsoluteOnesStay() throws IOException {
    Path file = write(fashion("data/fashion"));
    Path folder = file.getParent();
    // Whatever the working directory: the test's is the module folder, not the file's.
    assertThat(Path.of("").toAbsolutePath()).isNotEqualTo(folder);
    Experiment e = ExperimentJson.read(file);
    IdxSource source = (IdxSource) e.data().source();
    assertThat(source.images()).isEqualTo(folder.resolve("data/fashion")
        .resolve("train-images-idx3-ubyte.gz").toString());
    assertThat(((TokenizerConfig.File) e.tokenizer()).merges())
        .isEqualTo(folder.resolve("vocab/merges.txt").toString());
    assertThat(e.init().checkpoint()).contains(dir.resolve("configs/runs/demo"));
    var task = (LabelledSet.Idx) e.evaluation().tasks().get(0).images();
    assertThat(task.labels()).startsWith(folder.resolve("data/fashion").toString());

    Experiment absolute = ExperimentJson.read(write(fashion("/srv/fashion")));
    assertThat(((IdxSource) absolute.data().source()).images())
        .isEqualTo("/srv/fashion/train-images-idx3-ubyte.gz");
    // Text read without a file leaves paths as written.
    assertThat(((IdxSource) ExperimentJson.read(ExperimentJson.write(fashion("data/f")))
        .data().source()).images()).isEqualTo("data/f/train-images-idx3-ubyte.gz");
  }

  @Test
  void editsApplyBeforeValidationAsJsonOrPlainStrings() throws IOException {
    Path file = write(ExperimentPresets.demo(600));
    Experiment e = parse(file, "training.steps=200", "data.source.seed=3",
        "evaluation.tasks[1].images.count=7", "name=edited", "training.precision=bf16_mixed",
        "data.augmentation={\"type\": \"random_resized_crop\", \"scale\": [0.5, 1]}").get();
    assertThat(e.training().length()).isEqualTo(TrainingLength.steps(200));
    assertThat(e.data().source()).hasFieldOrPropertyWithValue("seed", 3L);
    assertThat(((LabelledSet.Synthetic) e.evaluation().tasks().get(1).images()).count())
        .isEqualTo(7);
    assertThat(e.name()).isEqualTo("edited");
    assertThat(e.training().precision().name()).isEqualTo("BF16_MIXED");
    assertThat(e.data().augmentation()).hasFieldOrPropertyWithValue("scaleMin", 0.5);
    // A quoted JSON string stays a string.
    assertThat(parse(file, "name=\"q\"").get().name()).isEqualTo("q");
  }

  @Test
  void anEditedPathStartsAtTheWorkingDirectory() throws IOException {
    Path file = write(fashion("data/fashion"));
    Experiment e = parse(file, "init.checkpoint=runs/x", "data.source.labels=l.gz").get();
    Path here = Path.of("").toAbsolutePath();
    assertThat(e.init().checkpoint()).contains(here.resolve("runs/x"));
    assertThat(((IdxSource) e.data().source()).labels()).isEqualTo(here.resolve("l.gz")
        .toString());
    // The keys not edited still start at the file's folder.
    assertThat(((IdxSource) e.data().source()).images()).startsWith(file.getParent().toString());
  }

  @Test
  void badEditsAreProblemsNamingTheEdit() throws IOException {
    Path file = write(ExperimentPresets.demo(600));
    assertThat(parse(file, "training.steps=abc").getError()).containsExactly(new Problem(
        "training.steps", "expected an integer, got \"abc\" (from --set training.steps=abc)"));
    assertThat(parse(file, "training.stepz=200").getError().head().toString())
        .startsWith("training.stepz: unknown key (known here: ")
        .endsWith("(from --set training.stepz=200)");
    assertThat(parse(file, "training.batch_size=1").getError().head().toString())
        .contains("training.batch_size").endsWith("(from --set training.batch_size=1)");
    assertThat(parse(file, "training.steps.x=1").getError()).containsExactly(new Problem("",
        "--set training.steps.x=1: training.steps is number, not an object"));
    assertThat(parse(file, "evaluation.tasks[9].name=x").getError()).containsExactly(
        new Problem("", "--set evaluation.tasks[9].name=x: evaluation.tasks has 4 elements, "
            + "so no [9]"));
    assertThat(Overrides.parse(List.of("training.steps", "a..b=1", "=3", "ok=1")).getError()
        .map(Problem::message)).containsExactly(
        "--set training.steps: expected KEY=VALUE with KEY a dotted key path such as "
            + "training.steps or evaluation.tasks[0].name",
        "--set a..b=1: expected KEY=VALUE with KEY a dotted key path such as training.steps or "
            + "evaluation.tasks[0].name",
        "--set =3: expected KEY=VALUE with KEY a dotted key path such as training.steps or "
            + "evaluation.tasks[0].name");
  }

  @Test
  void aCsvSourceDefaultsItsSeparatorFromTheResolvedPath() throws IOException {
    Path file = write(ExperimentPresets.demo(600));
    Experiment e = parse(file, "data.source={\"type\": \"csv\", \"path\": \"pairs.tsv\"}").get();
    CsvSource csv = (CsvSource) e.data().source();
    assertThat(csv.separator()).isEqualTo('\t');
    assertThat(csv.path()).isEqualTo(Path.of("").toAbsolutePath().resolve("pairs.tsv")
        .toString());
  }
}
