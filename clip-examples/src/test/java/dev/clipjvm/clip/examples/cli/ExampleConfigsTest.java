package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleConfigsTest {
  private static final Path DIR = Path.of("configs");

  @Test
  void demoConfigIsWhatTheDemoCommandRuns() {
    Experiment e = ExperimentJson.read(DIR.resolve("demo.json"));
    assertThat(e).isEqualTo(ExperimentPresets.demo(DemoCommand.DEFAULT_STEPS));
  }

  @Test
  void fashionMnistAndFineTuningConfigsRead() {
    Experiment fashion = ExperimentJson.read(DIR.resolve("fashion-mnist.json"));
    assertThat(fashion.evaluation().tasks().get(0).classNames()).hasSize(10);
    // The recipe of docs/fashion-mnist.md: the same data and captions, a small ModifiedResNet.
    Experiment resnet = ExperimentJson.read(DIR.resolve("fashion-mnist-resnet.json"));
    assertThat(resnet.model().vision()).isEqualTo(
        new ResNetConfig(List.of(2, 2, 2, 2), 16, 64, 32));
    assertThat(resnet.data().source()).isEqualTo(fashion.data().source());
    assertThat(resnet.evaluation()).isEqualTo(fashion.evaluation());
    Experiment lit = ExperimentJson.read(DIR.resolve("finetune-lit.json"));
    assertThat(lit.init().frozen()).isEqualTo(FrozenTower.IMAGE);
    // Relative to the file's folder: the run directory the README's demo command writes.
    Path repository = DIR.toAbsolutePath().getParent().getParent();
    assertThat(lit.init().checkpoint().orElseThrow()).isEqualTo(repository.resolve("runs/demo"));
    assertThat(((TokenizerConfig.File) lit.tokenizer()).merges())
        .isEqualTo(repository.resolve("runs/demo").toString());
  }

  @Test
  void theFineTuneConfigTrainsFromTheDemoRunDirectory(@TempDir Path repo) throws IOException {
    // The repository's layout in miniature: the config two folders below the root, the demo
    // run (as `./clip train --config clip-examples/configs/demo.json --out runs/demo` writes
    // it, here two steps without evaluation) in runs/demo; the working directory is elsewhere.
    Path configs = Files.createDirectories(repo.resolve("clip-examples/configs"));
    Path lit = Files.copy(DIR.resolve("finetune-lit.json"), configs.resolve("finetune-lit.json"));
    String[] short2 = {"--set", "training.steps=2", "--set", "training.schedule.warmup_steps=1",
        "--set", "evaluation.tasks=[]", "--quiet"};
    CliOutput.Run demo = CliOutput.run(concat(new String[] {"train", "--config",
        DIR.resolve("demo.json").toString(), "--out", repo.resolve("runs/demo").toString(),
        "--set", "tokenizer.corpus=2000"}, short2));
    assertThat(demo.code()).as(demo.err()).isZero();
    CliOutput.Run tuned = CliOutput.run(concat(new String[] {"train", "--config", lit.toString(),
        "--out", repo.resolve("runs/lit").toString()}, short2));
    assertThat(tuned.code()).as(tuned.err()).isZero();
    String saved = Files.readString(repo.resolve("runs/lit/experiment.json"));
    assertThat(saved).contains("\"checkpoint\" : \"" + repo.resolve("runs/demo") + "\"",
        "\"steps\" : 2");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
