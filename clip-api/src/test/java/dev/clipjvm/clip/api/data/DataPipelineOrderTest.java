package dev.clipjvm.clip.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.train.TrainingLength;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A pipeline is executed in the order it lists its stages; an order without sense is refused. */
class DataPipelineOrderTest {
  private static final DataPipeline SOURCE = DataPipeline.from(SourceConfig.synthetic(0, 10));

  private static List<String> problems(List<Stage> stages) {
    try {
      new DataPipeline(SOURCE.source(), stages);
    } catch (InvalidConfigException e) {
      return e.problems().map(Object::toString).toJavaList();
    }
    return List.of();
  }

  @Test
  void namesThePathOfAStageThatCannotRunWhereItStands() {
    Stage decode = new Stage.Decode(Stage.Decode.DEFAULT_MAX_PIXELS, 0);
    Stage augment = new Stage.Augment(8, Augmentation.centerCrop());
    Stage batch = new Stage.Batch(4, true);

    assertThat(problems(List.of(batch, decode, augment)))
        .containsExactly("stages[1]: decode must come before batch (order: shard, "
            + "epochs|forever, shuffle, decode, augment, tokenize, batch, prefetch)");
    assertThat(problems(List.of(decode, augment, batch, new Stage.Shuffle(8, 1))))
        .singleElement().asString().startsWith("stages[3]: shuffle must come before batch");
    assertThat(problems(List.of(decode, augment, batch, new Stage.Batch(8, false))))
        .containsExactly("stages[3]: batch repeats the role of batch at stages[2]");
    assertThat(problems(List.of(new Stage.Epochs(2), new Stage.Forever(), decode)))
        .containsExactly("stages[1]: forever repeats the role of epochs at stages[0]");
  }

  @Test
  void theTrainingPipelineHasAStageForEveryDataSettingInOrder() {
    DataConfig data = new DataConfig(SourceConfig.synthetic(0, 10), 16,
        Augmentation.randomSquareCrop(), 32, 0.1);
    assertThat(data.pipeline(8, 12, 5, 1, 2, OptionalInt.of(3))).isEqualTo(SOURCE.shard(1, 2)
        .epochs(3).shuffle(32, 5).decode(Stage.Decode.DEFAULT_MAX_PIXELS, 0.1)
        .augment(16, Augmentation.randomSquareCrop()).tokenize(12).batch(8, true));
  }

  @Test
  void aMixtureHasNoEpochsToTrainFor() {
    var demo = ExperimentPresets.demo(10);
    DataConfig mixed = demo.data().withSource(SourceConfig.mixed(
        WeightedSource.of(1, SourceConfig.synthetic(0, 10)),
        WeightedSource.of(1, SourceConfig.synthetic(1, 10))));
    assertThatThrownBy(() -> demo.withData(mixed)
        .withTraining(demo.training().withLength(TrainingLength.epochs(2))))
        .hasMessageContaining("training.epochs: a mixed data source is resampled without end");
  }
}
