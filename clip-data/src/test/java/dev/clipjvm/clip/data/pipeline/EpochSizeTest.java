package dev.clipjvm.clip.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.data.WeightedSource;
import dev.clipjvm.clip.data.source.TestShards;
import dev.clipjvm.clip.data.source.TestShards.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every source answers its epoch size without decoding, and a finite pipeline ends. */
class EpochSizeTest {
  @TempDir Path dir;

  private static OptionalLong epochSize(SourceConfig source) {
    DataConfig data = new DataConfig(source, 8, Augmentation.centerCrop(), 0, 0.5);
    try (LoaderBatchSource s = new LoaderBatchSource(data, TestCodecs.codecs(), 0, 0, 0, 1,
        OptionalInt.empty())) {
      return s.epochSize();
    }
  }

  @Test
  void everySourceCountsItsRecords() throws IOException {
    List<Path> shards = TestShards.good(dir.resolve("wds"), 2, 5);
    // A sample without a caption is still a record of the pass (skipped when decoded).
    Path odd = TestShards.tar(dir.resolve("odd.tar"), List.of(
        Entry.file("a.png", TestCodecs.image(4, 4, 1, "png")), Entry.text("a.txt", "one"),
        Entry.file("b.png", TestCodecs.image(4, 4, 2, "png")),
        Entry.file("c.png", TestCodecs.image(4, 4, 3, "png")), Entry.text("c.txt", "three")));
    Files.createDirectories(dir.resolve("img/cats"));
    for (int i = 0; i < 3; i++) {
      Files.write(dir.resolve("img/cats/" + i + ".png"), TestCodecs.image(4, 4, i, "png"));
    }
    Files.writeString(dir.resolve("pairs.csv"), "image,text\ncats/0.png,a\ncats/1.png,\"b\nb\"\n");
    Files.move(dir.resolve("pairs.csv"), dir.resolve("img/pairs.csv"));

    assertThat(epochSize(SourceConfig.synthetic(1, 123))).hasValue(123);
    assertThat(epochSize(SourceConfig.webDataset(dir + "/wds/shard-{00000..00001}.tar")))
        .hasValue(10);
    assertThat(epochSize(SourceConfig.webDataset(odd.toString()))).hasValue(3);
    assertThat(epochSize(SourceConfig.csv(dir + "/img/pairs.csv", "image", "text")))
        .hasValue(2);
    assertThat(epochSize(SourceConfig.classFolders(dir + "/img", List.of("a {}"))))
        .hasValue(3);
    assertThat(epochSize(SourceConfig.idx(
        OneDataPathTest.idxImages(dir.resolve("i.idx"), 7, 4).toString(),
        OneDataPathTest.idxLabels(dir.resolve("l.idx"), 7).toString(),
        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), List.of("{}"))))
        .hasValue(7);
    // A weighted mixture is resampled without end: it has no epoch.
    assertThat(epochSize(SourceConfig.mixed(
        new WeightedSource(1, SourceConfig.synthetic(1, 10)),
        new WeightedSource(1, SourceConfig.synthetic(2, 10))))).isEmpty();
  }

  @Test
  void aPipelineOfTwoEpochsOverAShardEndsAfterItsPairs() throws IOException {
    TestShards.good(dir, 1, 10);
    DataConfig data = new DataConfig(SourceConfig.webDataset(dir + "/shard-00000.tar"), 8,
        Augmentation.randomSquareCrop(), 4, 0);
    try (LoaderBatchSource s = new LoaderBatchSource(data, TestCodecs.codecs(), 6, 9, 0, 1,
        OptionalInt.of(2))) {
      assertThat(s.epochSize()).hasValue(10);
      int batches = 0;
      while (s.batch(batches * 4L, 4).isPresent()) {
        batches++;
      }
      // 20 pairs in two epochs: five batches of four, then the data has ended.
      assertThat(batches).isEqualTo(5);
      assertThat(s.batch(24, 4)).isEqualTo(Optional.empty());
      assertThat(s.badRecords().seen()).isEqualTo(20);
    }
  }
}
