package dev.clipjvm.clip.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPipelineJsonTest {

  private static final String PIPELINE_JSON = """
      {"source": {"type": "mixed", "sources": [
         {"weight": 3, "source": {"type": "webdataset", "shards": "data/shard-{00000..00009}.tar"}},
         {"weight": 1, "source": {"type": "synthetic", "seed": 7, "samples": 5000}}]},
       "stages": [
         {"stage": "shard", "rank": 1, "world_size": 2},
         {"stage": "forever"},
         {"stage": "shuffle", "buffer": 500, "seed": 42},
         {"stage": "decode"},
         {"stage": "augment", "image_size": 224,
          "augmentation": {"type": "random_resized_crop", "scale": [0.9, 1.0]}},
         {"stage": "tokenize", "context_length": 77},
         {"stage": "batch", "size": 64, "drop_last": true},
         {"stage": "prefetch", "batches": 4, "workers": 2}]}
      """;

  @Test
  void jsonReadsToTheSameValueAsTheFluentBuilder() {
    DataPipeline fluent = DataPipeline
        .from(SourceConfig.mixed(
            WeightedSource.of(3, SourceConfig.webDataset("data/shard-{00000..00009}.tar")),
            WeightedSource.of(1, SourceConfig.synthetic(7, 5000))))
        .shard(1, 2)
        .forever()
        .shuffle(500, 42)
        .decode()
        .augment(224, Augmentation.randomResizedCrop(0.9, 1.0))
        .tokenize(77)
        .batch(64, true)
        .prefetch(4, 2);

    assertThat(DataJson.readPipeline(PIPELINE_JSON)).isEqualTo(fluent);
    assertThat(DataJson.readPipeline(Json.line(DataJson.toJson(fluent)))).isEqualTo(fluent);
  }

  @Test
  void dataConfigRoundTripsThroughJsonForEverySourceKind() {
    List<SourceConfig> sources = List.of(
        SourceConfig.synthetic(1, 100).withHeldOut(true),
        SourceConfig.synthetic(2, 50).withShift(SyntheticShift.PASTEL),
        SourceConfig.webDataset("a/{0..3}.tar", "b.tar"),
        SourceConfig.tsv("pairs.tsv", "filepath", "title"),
        SourceConfig.imageFolder("imgs"),
        SourceConfig.classFolders("classes", List.of("a photo of a {}.")),
        SourceConfig.idx("i.gz", "l.gz", List.of("shirt", "shoe"), List.of("a {}.")));
    for (SourceConfig s : sources) {
      DataConfig c = DataConfig.of(s).withAugmentation(Augmentation.randomSquareCrop());
      assertThat(DataJson.readConfig(Json.line(DataJson.toJson(c)))).isEqualTo(c);
    }
  }

  @Test
  void anUnknownSyntheticShiftIsAProblemAtItsPath() {
    assertThat(DataJson.parseConfig("{\"source\": {\"type\": \"synthetic\", \"samples\": 10, "
        + "\"shift\": \"sepia\"}}").getError().map(Object::toString)).containsExactly(
        "source.shift: \"sepia\" is not one of none, colored_background, outline, filled, "
            + "pastel, noise");
  }

  @Test
  void defaultsFollowOpenClip() {
    DataConfig c = DataJson.readConfig("{\"source\": {\"type\": \"csv\", \"path\": \"x.csv\"}}");
    assertThat(c).isEqualTo(new DataConfig(new CsvSource("x.csv", "filepath", "title", ','), 224,
        new RandomResizedCrop(0.9, 1.0, 0.75, 4.0 / 3.0), 1000, 0.05));
  }

  @Test
  void reportsUnknownKeysWithTheirPathAndAllProblemsAtOnce() {
    String json = """
        {"source": {"type": "webdataset", "shards": ["ok.tar", "bad-{3..1}.tar"], "shardz": 1},
         "image_size": -4,
         "augmentation": {"type": "random_resized_crop", "scale": [0.0, 1.0]}}
        """;
    assertThatThrownBy(() -> DataJson.readConfig(json))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(
            e.problems().map(Problem::toString))
            .containsExactlyInAnyOrder(
                "source.shardz: unknown key (known here: shards, type)",
                "source.shards[1]: range {3..1} ends before it starts",
                "augmentation.scale[0]: 0.0 is not in (0, 1]",
                "image_size: -4 must be positive"));
  }

  @Test
  void rejectsStagesOutOfOrderAndIncompletePipelines() {
    assertThatThrownBy(() -> DataPipeline.from(SourceConfig.synthetic(0, 10)).decode()
        .shuffle(10, 1))
        .hasMessageContaining("stages[1]: shuffle must come before decode");
    assertThatThrownBy(() -> DataJson.readPipeline(
        "{\"source\": {\"type\": \"synthetic\", \"samples\": 10}, \"stages\": [{\"stage\": \"decode\"}]}"))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(
            e.problems().map(Problem::toString))
            .containsExactly("stages: no augment stage (it sets the image size)",
                "stages: no batch stage"));
    assertThatThrownBy(() -> DataPipeline.from(SourceConfig.mixed(
            WeightedSource.of(1, SourceConfig.synthetic(0, 10)),
            WeightedSource.of(1, SourceConfig.synthetic(1, 10)))).epochs(2))
        .hasMessageContaining("use forever instead of epochs");
  }

  @Test
  void standardTrainingPipelineFromDataConfig() {
    DataConfig c = DataConfig.of(SourceConfig.synthetic(3, 1000)).withImageSize(64);
    assertThat(c.pipeline(32, 16, 9, 0, 2)).isEqualTo(DataPipeline.from(c.source())
        .shard(0, 2).forever().shuffle(1000, 9).decode().augment(64, c.augmentation())
        .tokenize(16).batch(32, true));
  }

  @Test
  void positionRoundTrips() {
    DataPosition p = new DataPosition(17, List.of(new DataPosition.Part(2, 5),
        new DataPosition.Part(0, 12)));
    assertThat(DataJson.readPosition(Json.line(DataJson.toJson(p)))).isEqualTo(p);
  }

  @Test
  void aPositionWhosePartsAreNotAnArrayIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> DataJson.readPosition("{\"draws\": 0, \"parts\": {\"a\": 1}}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("parts: expected a list of objects, got {\"a\":1}");
    assertThatThrownBy(() -> DataJson.readPosition("{\"draws\": 0, \"parts\": [7]}"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("parts[0]");
  }

  @Test
  void expandsBracePatternsWithPaddingAndAlternatives() {
    assertThat(BracePattern.expand("s-{0008..0011}.tar"))
        .containsExactly("s-0008.tar", "s-0009.tar", "s-0010.tar", "s-0011.tar");
    assertThat(BracePattern.expand("{a,b}/{1..2}.tar"))
        .containsExactly("a/1.tar", "a/2.tar", "b/1.tar", "b/2.tar");
    assertThat(BracePattern.expand("plain.tar")).containsExactly("plain.tar");
    assertThat(BracePattern.problem("x-{1..2.tar")).contains("unbalanced braces");
  }
}
