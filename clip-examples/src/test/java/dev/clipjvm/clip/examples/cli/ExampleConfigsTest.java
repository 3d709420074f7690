package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.model.ResNetConfig;
import java.nio.file.Path;
import java.util.List;
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
    // The recipe of docs/fashion-mnist.md: the same data and captions, a small ModifiedResNet.
    Experiment resnet = ExperimentJson.read(DIR.resolve("fashion-mnist-resnet.json"));
    assertThat(resnet.model().vision()).isEqualTo(
        new ResNetConfig(List.of(2, 2, 2, 2), 16, 64, 32));
    assertThat(resnet.data().source()).isEqualTo(fashion.data().source());
    assertThat(resnet.evaluation()).isEqualTo(fashion.evaluation());
    Experiment lit = ExperimentJson.read(DIR.resolve("finetune-lit.json"));
    assertThat(lit.init().frozen()).isEqualTo(FrozenTower.IMAGE);
    assertThat(lit.init().checkpoint().orElseThrow().getFileName())
        .hasToString("model.safetensors");
  }
}
