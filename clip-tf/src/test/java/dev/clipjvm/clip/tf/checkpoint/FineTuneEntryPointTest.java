package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.cost.ParameterSpec;
import dev.clipjvm.clip.api.experiment.EvaluationConfig;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.experiment.Initialization;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning ({@code init.checkpoint}) reads weights through {@link Checkpoint}, the entry
 * point inference uses: PyTorch archives and Hugging Face names work, a wrong tensor or a
 * missing file is an error naming {@code init.checkpoint}.
 */
class FineTuneEntryPointTest {
  @TempDir Path tmp;

  /** A two-step fine-tuning run of a tiny ViT with its image tower locked. */
  private static Experiment tiny(Path checkpoint) {
    Experiment demo = ExperimentPresets.demo(2);
    ClipConfig model = demo.model().withEmbedDim(32)
        .withVision(new VitConfig(16, 8, 32, 1, 16, 2.0))
        .withText(new TextConfig(24, 600, 32, 2, 1));
    ZeroShotTask shape = demo.evaluation().tasks().get(0);
    LabelledSet.Synthetic images = (LabelledSet.Synthetic) shape.images();
    EvaluationConfig eval = new EvaluationConfig(List.of(new ZeroShotTask(shape.name(),
        new LabelledSet.Synthetic(images.attribute(), images.heldOutCombos(), 10),
        shape.classNames(), shape.templates())), 10);
    return new Experiment("fine-tune", model, demo.data().withImageSize(16),
        new TokenizerConfig.Train(600, 500),
        demo.training().withBatchSize(4).withLength(TrainingLength.steps(2))
            .withSchedule(new WarmupCosine(1, 0)).withCheckpointInterval(2).withEvalInterval(0),
        Initialization.from(checkpoint, FrozenTower.IMAGE), eval);
  }

  /** Seeded small weights for every tensor of {@code config}'s manifest. */
  private static Map<String, TensorData> weights(ClipConfig config) {
    Random r = new Random(3);
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (ParameterSpec s : ParameterManifest.of(config).entries()) {
      float[] v = new float[(int) s.count()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.05);
      }
      out.put(s.name(), TensorData.ofFloats(s.name(), s.shape(), v));
    }
    return out;
  }

  @Test
  void fineTunesFromATorchArchiveAndAHuggingFaceFile() throws Exception {
    Experiment e = tiny(tmp.resolve("unused"));
    Map<String, TensorData> w = weights(e.model());
    Path pt = tmp.resolve("start.pt");
    TorchZipWriter.write(pt, w.values(), List.of("visual.proj"));
    Path hf = tmp.resolve("start-hf.safetensors");
    Safetensors.write(hf, HuggingFaceConverter.toHuggingFace(w), Map.of());
    for (Path start : List.of(pt, hf)) {
      Path run = tmp.resolve("run-" + start.getFileName());
      ExperimentRunner.run(e.withInit(Initialization.from(start, FrozenTower.IMAGE)),
          new ExperimentRunner.Options(run, false, TrainingListener.NONE));
      var out = Safetensors.read(run.resolve(ExperimentRunner.MODEL));
      // The locked image tower leaves training exactly as the file held it.
      assertThat(out.get("visual.proj").toFloats()).as(start.toString())
          .containsExactly(w.get("visual.proj").toFloats());
      assertThat(out.get("text_projection").toFloats()).as(start.toString())
          .isNotEqualTo(w.get("text_projection").toFloats());
    }
  }

  @Test
  void aMissingInitCheckpointNamesTheKeyAndThePath() {
    Path absent = tmp.resolve("absent.pt");
    assertThatThrownBy(() -> ExperimentRunner.run(tiny(absent),
        new ExperimentRunner.Options(tmp.resolve("run"), false, TrainingListener.NONE)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("init.checkpoint: no such file " + absent)
        .hasCauseInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> ExperimentRunner.run(tiny(tmp),
        new ExperimentRunner.Options(tmp.resolve("run2"), false, TrainingListener.NONE)))
        .isInstanceOf(UncheckedIOException.class)
        // A directory stands for a finished run's model.safetensors; this one has none.
        .hasMessage("init.checkpoint: " + tmp + " is a directory without model.safetensors (a "
            + "run directory holds it once its run has finished)");
  }

  @Test
  void aMisShapedInitCheckpointNamesTheKeyTheFileAndTheTensor() throws Exception {
    Experiment e = tiny(tmp.resolve("unused"));
    Map<String, TensorData> w = weights(e.model());
    w.put("ln_final.bias", TensorData.ofFloats("ln_final.bias", new long[] {3}, new float[3]));
    Path bad = tmp.resolve("bad.safetensors");
    Safetensors.write(bad, List.copyOf(w.values()), Map.of());
    assertThatThrownBy(() -> ExperimentRunner.run(e.withInit(
            Initialization.from(bad, FrozenTower.IMAGE)),
        new ExperimentRunner.Options(tmp.resolve("run"), false, TrainingListener.NONE)))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessage("init.checkpoint " + bad + ": ln_final.bias has shape [3], expected [32]");
  }
}
