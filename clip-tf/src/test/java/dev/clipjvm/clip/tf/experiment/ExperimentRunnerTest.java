package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.experiment.Initialization;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.tf.train.StepMetrics;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {
  @TempDir Path dir;

  /** The demo shrunk to seconds: 16-pixel images, one-layer towers, tiny evaluation. */
  static Experiment tiny(long steps) {
    Experiment demo = ExperimentPresets.demo(steps);
    var model = demo.model().withEmbedDim(32)
        .withVision(new VitConfig(16, 8, 32, 1, 16, 2.0))
        .withText(new TextConfig(24, 600, 32, 2, 1));
    var eval = new dev.clipjvm.clip.api.experiment.EvaluationConfig(
        demo.evaluation().tasks().stream().map(t -> new dev.clipjvm.clip.api.experiment
            .ZeroShotTask(t.name(), new dev.clipjvm.clip.api.experiment.LabelledSet.Synthetic(
                ((dev.clipjvm.clip.api.experiment.LabelledSet.Synthetic) t.images()).attribute(),
                ((dev.clipjvm.clip.api.experiment.LabelledSet.Synthetic) t.images())
                    .heldOutCombos(), 20), t.classNames(), t.templates())).toList(), 20);
    return new Experiment("tiny", model, demo.data().withImageSize(16),
        new TokenizerConfig.Train(600, 500),
        demo.training().withBatchSize(8).withLength(TrainingLength.steps(steps))
            .withSchedule(new WarmupCosine(1, 0)).withCheckpointInterval(2).withEvalInterval(0),
        Initialization.scratch(), eval);
  }

  @Test
  void writesTheRunDirectoryAndResumesExactly() throws IOException {
    Path full = dir.resolve("full");
    Recording heard = new Recording();
    RunResult r = ExperimentRunner.run(tiny(4), new ExperimentRunner.Options(full, false, heard));
    assertThat(r.steps()).isEqualTo(4);
    assertThat(heard.events).containsExactly("started 0/4", "step 1", "step 2", "step 3",
        "step 4", "finished", "plots 4 steps, evals [zero_shot/color/top1]");
    assertThat(r.plots()).containsExactly(full.resolve("plots/drawn.txt"));
    assertThat(Files.readString(full.resolve("report.md"))).contains("](plots/drawn.txt)");
    assertThat(r.zeroShot()).containsOnlyKeys("shape", "color", "shape_held_out_combos",
        "color_held_out_combos");
    for (String f : List.of("experiment.json", "vocab/merges.txt", "metrics.jsonl",
        "report.md", "model.safetensors", "plots/drawn.txt",
        "checkpoints/step-00000004/state.json")) {
      assertThat(full.resolve(f)).isRegularFile();
    }
    assertThat(Files.list(full.resolve("tensorboard")).toList()).hasSize(1);
    // Held-out validation at the final evaluation: loss near ln(8) for an untrained model (8
    // pairs a block), recall fractions of the task's 20 images.
    List<String> raw = Files.readAllLines(full.resolve("metrics.jsonl"));
    JsonNode eval = new ObjectMapper().readTree(raw.stream().filter(l -> l.contains("\"eval\""))
        .reduce((a, b) -> b).orElseThrow()).get("eval");
    assertThat(eval.get("val/color/loss").asDouble()).isBetween(0.5, 2 * Math.log(8));
    for (String k : List.of("image_to_text_r1", "image_to_text_r5", "text_to_image_r1",
        "text_to_image_r5")) {
      assertThat(eval.get("val/color/" + k).asDouble() * 20 % 1).as(k).isCloseTo(0,
          within(1e-9));
    }
    assertThat(eval.get("val/color/text_to_image_r5").asDouble())
        .isGreaterThanOrEqualTo(eval.get("val/color/text_to_image_r1").asDouble());
    assertThat(Safetensors.read(full.resolve("model.safetensors")).tensors())
        .containsKeys("visual.conv1.weight", "token_embedding.weight", "logit_scale");

    Path split = dir.resolve("split");
    Experiment twoSteps = tiny(4);
    ExperimentRunner.run(twoSteps,
        new ExperimentRunner.Options(split, false, TrainingListener.NONE));
    // Delete the final checkpoint and the report: the run now looks interrupted after step 2.
    deleteTree(split.resolve("checkpoints/step-00000004"));
    Files.delete(split.resolve("report.md"));
    Files.delete(split.resolve("metrics.jsonl"));
    RunResult resumed = ExperimentRunner.run(twoSteps,
        new ExperimentRunner.Options(split, true, TrainingListener.NONE));
    assertThat(resumed.finalLoss()).isCloseTo(r.finalLoss(), within(1e-6));
    List<JsonNode> lines = lines(split.resolve("metrics.jsonl"));
    assertThat(lines.get(0).get("step").asInt()).isEqualTo(3);
    assertThat(lines.get(0).get("loss").asDouble())
        .isCloseTo(lines(full.resolve("metrics.jsonl")).get(2).get("loss").asDouble(),
            within(1e-6));
  }

  @Test
  void refusesToOverwriteARunAndFineTunesFromItsExport() throws IOException {
    Path first = dir.resolve("first");
    ExperimentRunner.run(tiny(2),
        new ExperimentRunner.Options(first, false, TrainingListener.NONE));
    assertThatThrownBy(() -> ExperimentRunner.run(tiny(2),
        new ExperimentRunner.Options(first, false, TrainingListener.NONE)))
        .hasMessageContaining("already holds checkpoints; pass --resume");
    Experiment lit = tiny(2).withInit(Initialization.from(
            first.resolve("model.safetensors"), FrozenTower.IMAGE))
        .withTokenizer(new TokenizerConfig.File(first.resolve("vocab/merges.txt").toString()));
    RunResult r = ExperimentRunner.run(lit, new ExperimentRunner.Options(dir.resolve("lit"),
        false, TrainingListener.NONE));
    var before = Safetensors.read(first.resolve("model.safetensors")).get("visual.proj");
    var after = Safetensors.read(dir.resolve("lit/model.safetensors"));
    assertThat(after.get("visual.proj").data()).isEqualTo(before.data());
    assertThat(after.get("text_projection").data()).isNotEqualTo(
        Safetensors.read(first.resolve("model.safetensors")).get("text_projection").data());
    assertThat(r.steps()).isEqualTo(2);
  }

  /** Writes down what it hears; its one "plot" is a text file. */
  private static final class Recording implements TrainingListener {
    final List<String> events = new java.util.ArrayList<>();

    @Override
    public void started(long completed, long total) {
      events.add("started " + completed + "/" + total);
    }

    @Override
    public void stepped(StepMetrics m, long total) {
      events.add("step " + m.step());
    }

    @Override
    public void finished() {
      events.add("finished");
    }

    @Override
    public List<Path> plots(Path dir, List<StepMetrics> steps,
        Map<String, List<double[]>> evals) {
      events.add("plots " + steps.size() + " steps, evals " + evals.keySet().stream()
          .filter(k -> k.startsWith("zero_shot/color/top1")).toList());
      try {
        Files.createDirectories(dir);
        return List.of(Files.writeString(dir.resolve("drawn.txt"), "a plot"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    ObjectMapper m = new ObjectMapper();
    return Files.readAllLines(file).stream().map(l -> {
      try {
        return m.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).filter(n -> n.has("loss")).toList();
  }

  private static void deleteTree(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
