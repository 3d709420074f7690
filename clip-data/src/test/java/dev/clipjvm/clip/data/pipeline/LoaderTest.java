package dev.clipjvm.clip.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.data.source.BadReason;
import dev.clipjvm.clip.data.source.TestShards;
import dev.clipjvm.clip.data.source.TestShards.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
  @TempDir Path dir;

  private DataPipeline pipeline(String pattern, long seed) {
    return DataPipeline.from(SourceConfig.webDataset(pattern))
        .epochs(2).shuffle(16, seed).decode().augment(8, Augmentation.randomSquareCrop())
        .tokenize(6).batch(5).prefetch(2, 3);
  }

  private static List<Batch> drain(Loader loader) {
    List<Batch> out = new ArrayList<>();
    try (loader) {
      loader.forEachRemaining(out::add);
    }
    return out;
  }

  private static List<String> keys(List<Batch> batches) {
    return batches.stream().flatMap(b -> b.keys().stream()).toList();
  }

  @Test
  void sameSeedGivesTheSameBatchesAndEachEpochSeesEveryRecordOnce() throws IOException {
    TestShards.good(dir, 4, 10);
    String pattern = dir + "/shard-{00000..00003}.tar";
    List<Batch> a = drain(Loader.open(pipeline(pattern, 7), TestCodecs.codecs()));
    List<Batch> b = drain(Loader.open(pipeline(pattern, 7), TestCodecs.codecs()));
    List<Batch> c = drain(Loader.open(pipeline(pattern, 8), TestCodecs.codecs()));

    assertThat(a).hasSize(16);
    assertThat(keys(a)).isEqualTo(keys(b)).isNotEqualTo(keys(c));
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).images()).isEqualTo(b.get(i).images());
      assertThat(a.get(i).tokens()).isEqualTo(b.get(i).tokens());
    }
    List<String> all = keys(a);
    assertThat(new HashSet<>(all.subList(0, 40))).hasSize(40);
    assertThat(new HashSet<>(all.subList(40, 80))).isEqualTo(new HashSet<>(all.subList(0, 40)));
    assertThat(all.subList(40, 80)).isNotEqualTo(all.subList(0, 40));
    Batch first = a.get(0);
    assertThat(first.images()).hasSize(5 * 8 * 8 * 3);
    assertThat(first.tokens()).hasSize(5 * 6);
    assertThat(first.tokens()[0]).isEqualTo('c');
    assertThat(first.captions().get(0)).startsWith("caption number ");
  }

  @Test
  void shardsSplitTheDataDisjointlyAndCompletely() throws IOException {
    TestShards.good(dir, 3, 7);
    String pattern = dir + "/shard-{00000..00002}.tar";
    Set<String> seen = new HashSet<>();
    int total = 0;
    for (int rank = 0; rank < 3; rank++) {
      DataPipeline p = DataPipeline.from(SourceConfig.webDataset(pattern)).shard(rank, 3)
          .shuffle(4, 1).decode().augment(8, Augmentation.centerCrop()).batch(4);
      List<String> k = keys(drain(Loader.open(p, TestCodecs.codecs())));
      assertThat(k).hasSize(7);
      total += k.size();
      seen.addAll(k);
    }
    assertThat(total).isEqualTo(21);
    assertThat(seen).hasSize(21);
  }

  @Test
  void resumingFromASavedPositionContinuesWithoutRepeatsOrGaps() throws IOException {
    TestShards.good(dir, 3, 9);
    DataPipeline p = pipeline(dir + "/shard-{00000..00002}.tar", 3);
    List<Batch> full = drain(Loader.open(p, TestCodecs.codecs()));

    DataPosition saved;
    List<String> before = new ArrayList<>();
    try (Loader first = Loader.open(p, TestCodecs.codecs())) {
      for (int i = 0; i < 7; i++) {
        before.addAll(first.next().keys());
      }
      saved = first.position();
    }
    List<Batch> rest = drain(Loader.open(p, TestCodecs.codecs(), saved));

    assertThat(saved.parts().get(0).epoch()).isEqualTo(1);
    List<String> resumed = new ArrayList<>(before);
    resumed.addAll(keys(rest));
    assertThat(resumed).isEqualTo(keys(full));
    assertThat(rest.get(0).images()).isEqualTo(full.get(7).images());
  }

  @Test
  void countsBadRecordsByReasonAndSkipsThem() throws IOException {
    byte[] png = TestCodecs.image(10, 10, 1, "png");
    byte[] jpg = TestCodecs.image(10, 10, 2, "jpg");
    byte[] corrupt = java.util.Arrays.copyOf(jpg, jpg.length / 3);
    corrupt[2] = 0;
    Path tar = TestShards.tar(dir.resolve("mixed.tar"), List.of(
        Entry.file("a.png", png), Entry.text("a.txt", "good one"),
        Entry.file("b.jpg", corrupt), Entry.text("b.txt", "corrupt jpeg"),
        Entry.file("c.png", png),
        Entry.file("../d.png", png), Entry.text("../d.txt", "escapes"),
        Entry.file("e.jpg", jpg), Entry.text("e.txt", "good two")));
    DataPipeline p = DataPipeline.from(SourceConfig.webDataset(tar.toString()))
        .decode(1_000_000, 0.7).augment(8, Augmentation.centerCrop()).tokenize(4).batch(8);

    Loader loader = Loader.open(p, TestCodecs.codecs());
    List<Batch> batches = drain(loader);

    assertThat(keys(batches)).containsExactly("a", "e");
    assertThat(loader.badRecords().good()).isEqualTo(2);
    assertThat(loader.badRecords().byKey()).containsEntry("corrupt_image", 1L)
        .containsEntry("missing_caption", 1L).containsEntry("unsafe_entry", 1L)
        .containsEntry("oversized_image", 0L);
  }

  @Test
  void stopsWithAClearErrorWhenTooManyRecordsAreBad() throws IOException {
    byte[] png = TestCodecs.image(10, 10, 1, "png");
    Path tar = TestShards.tar(dir.resolve("bad.tar"), List.of(
        Entry.file("a.png", png), Entry.text("a.txt", "ok"),
        Entry.file("b.png", png), Entry.file("c.png", png)));
    DataPipeline p = DataPipeline.from(SourceConfig.webDataset(tar.toString()))
        .decode(1_000_000, 0.5).augment(8, Augmentation.centerCrop()).batch(8);

    assertThatThrownBy(() -> drain(Loader.open(p, TestCodecs.codecs())))
        .isInstanceOf(TooManyBadRecordsException.class)
        .hasMessageContaining("2 bad of 3 records, missing_caption 2")
        .hasMessageContaining("more than max_bad_fraction 0.500")
        .hasMessageContaining("sample c in");
  }

  @Test
  void rejectsImagesAboveThePixelLimit() throws IOException {
    Path tar = TestShards.tar(dir.resolve("big.tar"), List.of(
        Entry.file("big.png", TestCodecs.image(40, 40, 1, "png")), Entry.text("big.txt", "big"),
        Entry.file("ok.png", TestCodecs.image(10, 10, 1, "png")), Entry.text("ok.txt", "ok")));
    DataPipeline p = DataPipeline.from(SourceConfig.webDataset(tar.toString()))
        .decode(1000, 0.5).augment(8, Augmentation.centerCrop()).batch(2);
    Loader loader = Loader.open(p, TestCodecs.codecs());
    assertThat(keys(drain(loader))).containsExactly("ok");
    assertThat(loader.badRecords().bad()).containsEntry(BadReason.OVERSIZED_IMAGE, 1L);
  }

  @Test
  void mixesSourcesInProportionToTheirWeights() throws IOException {
    TestShards.good(dir.resolve("a"), 1, 20);
    TestShards.good(dir.resolve("b"), 1, 20);
    DataPipeline p = DataPipeline.from(SourceConfig.mixed(
            dev.clipjvm.clip.api.data.WeightedSource.of(3,
                SourceConfig.webDataset(dir + "/a/shard-00000.tar")),
            dev.clipjvm.clip.api.data.WeightedSource.of(1,
                SourceConfig.webDataset(dir + "/b/shard-00000.tar"))))
        .forever().shuffle(8, 5).decode().augment(4, Augmentation.centerCrop()).batch(100);
    int total = 0;
    DataPosition end;
    try (Loader loader = Loader.open(p, TestCodecs.codecs())) {
      for (int i = 0; i < 20; i++) {
        total += loader.next().size();
      }
      end = loader.position();
    }
    long a = end.parts().get(0).epoch() * 20 + end.parts().get(0).consumed();
    long b = end.parts().get(1).epoch() * 20 + end.parts().get(1).consumed();
    assertThat(total).isEqualTo(2000);
    assertThat(a + b).isEqualTo(2000).isEqualTo(end.draws());
    // 3:1 weights: expect 1500 from a; binomial sd ~19.4, so 3 sd is about 58.
    assertThat((double) a).isCloseTo(1500, org.assertj.core.data.Offset.offset(58.0));
  }

  @Test
  void aMixtureResumesExactlyToo() throws IOException {
    TestShards.good(dir.resolve("a"), 1, 7);
    TestShards.good(dir.resolve("b"), 1, 5);
    DataPipeline p = DataPipeline.from(SourceConfig.mixed(
            dev.clipjvm.clip.api.data.WeightedSource.of(2,
                SourceConfig.webDataset(dir + "/a/shard-00000.tar")),
            dev.clipjvm.clip.api.data.WeightedSource.of(1,
                SourceConfig.webDataset(dir + "/b/shard-00000.tar"))))
        .forever().shuffle(4, 9).decode().augment(4, Augmentation.randomSquareCrop()).batch(3);
    List<String> straight = new ArrayList<>();
    try (Loader loader = Loader.open(p, TestCodecs.codecs())) {
      for (int i = 0; i < 12; i++) {
        straight.addAll(loader.next().keys());
      }
    }
    List<String> resumed = new ArrayList<>();
    DataPosition saved;
    try (Loader loader = Loader.open(p, TestCodecs.codecs())) {
      for (int i = 0; i < 5; i++) {
        resumed.addAll(loader.next().keys());
      }
      saved = dev.clipjvm.clip.api.data.DataJson.readPosition(
          dev.clipjvm.clip.api.json.Json.line(
              dev.clipjvm.clip.api.data.DataJson.toJson(loader.position())));
    }
    try (Loader loader = Loader.open(p, TestCodecs.codecs(), saved)) {
      for (int i = 5; i < 12; i++) {
        resumed.addAll(loader.next().keys());
      }
    }
    assertThat(saved.draws()).isEqualTo(15);
    assertThat(resumed).isEqualTo(straight);
  }
}
