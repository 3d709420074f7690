package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    // The longer recipe of docs/fashion-mnist.md: the same model, twice the steps.
    Experiment longer = ExperimentJson.read(DIR.resolve("fashion-mnist-long.json"));
    assertThat(longer.model()).isEqualTo(fashion.model());
    assertThat(longer.data().source()).isEqualTo(fashion.data().source());
    Experiment lit = ExperimentJson.read(DIR.resolve("finetune-lit.json"));
    assertThat(lit.init().frozen()).isEqualTo(FrozenTower.IMAGE);
    // Relative to the file's folder: the run directory the README's demo command writes.
    Path repository = DIR.toAbsolutePath().getParent().getParent();
    assertThat(lit.init().checkpoint().orElseThrow()).isEqualTo(repository.resolve("runs/demo"));
    assertThat(((TokenizerConfig.File) lit.tokenizer()).merges())
        .isEqualTo(repository.resolve("runs/demo").toString());
  }
}
