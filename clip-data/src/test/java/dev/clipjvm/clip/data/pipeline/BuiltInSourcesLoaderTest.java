package dev.clipjvm.clip.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.data.source.TestShards;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInSourcesLoaderTest {
  @TempDir Path dir;

  private static List<Batch> drain(Loader loader) {
    List<Batch> out = new ArrayList<>();
    try (loader) {
      loader.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void syntheticDataFlowsThroughTheSamePipeline() {
    DataPipeline p = DataPipeline.from(SourceConfig.synthetic(5, 24)).shuffle(8, 1).decode()
        .augment(32, Augmentation.randomResizedCrop()).batch(8).prefetch(2, 2);
    List<Batch> a = drain(Loader.open(p, ClipCodecs.imagesOnly()));
    List<Batch> b = drain(Loader.open(p, ClipCodecs.imagesOnly()));

    assertThat(a).hasSize(3);
    assertThat(a.get(0).images()).hasSize(8 * 32 * 32 * 3).isEqualTo(b.get(0).images());
    assertThat(a.stream().flatMap(x -> x.keys().stream()).distinct().count()).isEqualTo(24);
    assertThat(a.get(0).captions()).allMatch(c -> !c.isBlank());
  }

  @Test
  void benchmarkRunsTheDemoPipeline() {
    LoaderBenchmark.Result r = LoaderBenchmark.synthetic(2, 2);
    assertThat(r.images()).isEqualTo(
        2L * dev.clipjvm.clip.api.experiment.ExperimentPresets.demo(1000).training().batchSize());
    assertThat(r.imagesPerSecond()).isPositive();
  }

  @Test
  void idxFilesAreCaptionedFromTemplates() throws IOException {
    Path images = dir.resolve("images.idx");
    Path labels = dir.resolve("labels.idx");
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(images))) {
      o.writeInt(0x00000803);
      o.writeInt(3);
      o.writeInt(4);
      o.writeInt(4);
      for (int i = 0; i < 48; i++) {
        o.writeByte(i * 5);
      }
    }
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(labels))) {
      o.writeInt(0x00000801);
      o.writeInt(3);
      o.write(new byte[] {1, 0, 1});
    }
    DataPipeline p = DataPipeline.from(SourceConfig.idx(images.toString(), labels.toString(),
            List.of("shirt", "shoe"), List.of("a photo of a {}.", "a {}.")))
        .decode().augment(4, Augmentation.centerCrop()).batch(3);

    Batch batch = drain(Loader.open(p, ClipCodecs.imagesOnly())).get(0);

    assertThat(batch.captions()).containsExactly("a photo of a shoe.", "a shirt.",
        "a photo of a shoe.");
    assertThat(batch.images()[0]).isEqualTo((byte) 0);
    assertThat(batch.images()[3 * 16 * 3 - 1]).isEqualTo((byte) (47 * 5));
  }

  @Test
  void realDecoderCountsCorruptJpegs() throws IOException {
    byte[] jpg = TestCodecs.image(40, 30, 4, "jpg");
    byte[] broken = java.util.Arrays.copyOf(jpg, 40);
    Path tar = TestShards.tar(dir.resolve("j.tar"), List.of(
        TestShards.Entry.file("a.jpg", jpg), TestShards.Entry.text("a.txt", "fine"),
        TestShards.Entry.file("b.jpg", broken), TestShards.Entry.text("b.txt", "broken")));
    DataPipeline p = DataPipeline.from(SourceConfig.webDataset(tar.toString()))
        .decode(10_000, 0.5).augment(16, Augmentation.centerCrop()).batch(2);
    Loader loader = Loader.open(p, ClipCodecs.imagesOnly());
    List<Batch> batches = drain(loader);
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).keys()).containsExactly("a");
    assertThat(loader.badRecords().byKey()).containsEntry("corrupt_image", 1L);
  }
}
