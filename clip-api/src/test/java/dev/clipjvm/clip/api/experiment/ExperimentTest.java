package dev.clipjvm.clip.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.ResNetConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {

  @Test
  void microBatchingNeedsAViTOrAFrozenResNetTower() {
    Experiment demo = ExperimentPresets.demo(10);
    Experiment micro = demo.withTraining(demo.training().withMicroBatchSize(16));
    assertThat(micro.training().microBatched()).isTrue();
    ResNetConfig resnet = new ResNetConfig(List.of(1, 1, 1, 1), 8, 32, 32);
    assertThatThrownBy(() -> micro.withModel(micro.model().withVision(resnet)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("training.micro_batch_size: 16 is less than batch_size 64")
        .hasMessageContaining("BatchNorm");
    Experiment frozen = micro.withInit(
        Initialization.from(Path.of("/m.safetensors"), FrozenTower.IMAGE));
    assertThat(frozen.withModel(micro.model().withVision(resnet)).model().vision())
        .isEqualTo(resnet);
  }
}
