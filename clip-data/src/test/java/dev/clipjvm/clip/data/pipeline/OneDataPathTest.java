package dev.clipjvm.clip.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.IdxSource;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.data.source.Sources;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeTrainer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped experiment configurations read their training data and their evaluation sets
 * through clip-data's one pipeline ({@link LoaderBatchSource}, {@link EvalSets}).
 */
class OneDataPathTest {
  private static final Path CONFIGS = Path.of("../clip-examples/configs");
  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  /** The first {@code count} global batches of {@code e}'s training data. */
  private static List<Batch> batches(Experiment e, int count) throws IOException {
    BpeTokenizer tokenizer = new BpeTokenizer(BpeTrainer.train(
        Sources.captions(e.data().source(), 500), 600));
    int size = e.training().batchSize();
    List<Batch> out = new ArrayList<>();
    try (LoaderBatchSource data = new LoaderBatchSource(e.data(), ClipCodecs.of(tokenizer),
        e.model().text().contextLength(), e.training().seed(), 0, 1, OptionalInt.empty())) {
      for (int i = 0; i < count; i++) {
        out.add(data.batch((long) i * size, size).orElseThrow());
      }
      assertThat(data.streamPosition((long) count * size)).isPresent();
    }
    return out;
  }

  @Test
  void theDemoConfigReadsTheSyntheticImagesItAlwaysTrainedOn() throws IOException {
    Experiment demo = ExperimentJson.read(CONFIGS.resolve("demo.json"));
    List<Batch> b = batches(demo, 2);

    SyntheticDataset ds = new SyntheticDataset(SyntheticSpec.of(0, 32));
    assertThat(b.get(0).size()).isEqualTo(64);
    assertThat(b.get(0).contextLength()).isEqualTo(24);
    // Centre crop of a square render at the model's size: the generator's pixels, in order.
    assertThat(b.get(1).image(5)).isEqualTo(ds.sample(Split.TRAIN, 64 + 5).pixels());
    assertThat(b.get(1).captions().get(5)).isEqualTo(ds.sample(Split.TRAIN, 69).caption());
    for (ZeroShotTask t : demo.evaluation().tasks()) {
      Batch eval = EvalSets.read(t.images(), t.classNames(), 32, 0);
      LabelledSet.Synthetic s = (LabelledSet.Synthetic) t.images();
      var first = ds.sample(s.heldOutCombos() ? Split.HELD_OUT_COMBOS : Split.TEST, 0);
      assertThat(eval.size()).isEqualTo(500);
      assertThat(eval.image(0)).isEqualTo(first.pixels());
      assertThat(eval.labels()[0]).isEqualTo(t.name().startsWith("shape")
          ? first.subject().shape().ordinal() : first.subject().color().ordinal());
    }
  }

  @Test
  void theFineTuneConfigReadsItsSyntheticSource() throws IOException {
    Experiment lit = ExperimentJson.read(CONFIGS.resolve("finetune-lit.json"));
    Batch b = batches(lit, 1).get(0);

    var source = (dev.clipjvm.clip.api.data.SyntheticSource) lit.data().source();
    SyntheticDataset ds = new SyntheticDataset(SyntheticSpec.of(source.seed(), 32));
    assertThat(b.image(3)).isEqualTo(ds.sample(source.heldOut() ? Split.HELD_OUT_COMBOS
        : Split.TRAIN, 3).pixels());
    assertThat(lit.evaluation().tasks()).allSatisfy(t -> assertThat(
        EvalSets.read(t.images(), t.classNames(), 32, source.seed()).size()).isPositive());
  }

  @Test
  void theFashionMnistConfigReadsIdxFilesThroughThePipeline() throws IOException {
    Experiment fashion = ExperimentJson.read(CONFIGS.resolve("fashion-mnist.json"));
    IdxSource configured = (IdxSource) fashion.data().source();
    ZeroShotTask task = fashion.evaluation().tasks().get(0);
    LabelledSet set = task.images();
    int records = 60_000;
    if (!Files.isDirectory(FASHION)) {
      // No Fashion-MNIST on this machine: the same configuration over a tiny generated file.
      records = 12;
      Path images = idxImages(dir.resolve("images.idx"), records, 28);
      Path labels = idxLabels(dir.resolve("labels.idx"), records);
      fashion = fashion.withData(fashion.data().withSource(new IdxSource(images.toString(),
          labels.toString(), configured.classNames(), configured.templates())));
      set = new LabelledSet.Idx(images.toString(), labels.toString(), 0);
    }
    Batch b = batches(fashion, 1).get(0);
    Batch eval = EvalSets.read(set, task.classNames(), 28, 0);

    assertThat(b.size()).isEqualTo(fashion.training().batchSize());
    assertThat(b.imageSize()).isEqualTo(28);
    assertThat(java.util.Arrays.stream(b.labels())).allMatch(l -> l >= 0 && l < 10);
    assertThat(eval.size()).isEqualTo(Files.isDirectory(FASHION) ? 10_000 : records);
    try (LoaderBatchSource data = new LoaderBatchSource(fashion.data(),
        ClipCodecs.imagesOnly(), 0, 0, 0, 1, OptionalInt.empty())) {
      assertThat(data.epochSize()).hasValue(records);
    }
  }

  @Test
  void augmentationCropsTheSyntheticPixelsDifferentlyEachEpoch() {
    // 8 samples, batches of 8, no shuffle: batch e is epoch e, the same records in order.
    List<Batch> centre = twoEpochs(Augmentation.centerCrop());
    List<Batch> square = twoEpochs(Augmentation.randomSquareCrop());
    List<Batch> resized = twoEpochs(Augmentation.randomResizedCrop(0.5, 1.0));

    assertThat(centre.get(1).keys()).isEqualTo(centre.get(0).keys());
    assertThat(centre.get(1).images()).isEqualTo(centre.get(0).images());
    for (List<Batch> random : List.of(square, resized)) {
      assertThat(random.get(1).keys()).isEqualTo(random.get(0).keys());
      int changed = 0;
      for (int i = 0; i < 8; i++) {
        changed += java.util.Arrays.equals(random.get(0).image(i), random.get(1).image(i))
            ? 0 : 1;
      }
      assertThat(changed).isGreaterThanOrEqualTo(6);
    }
    // The crops are seeded: the same pipeline gives the same pixels again.
    assertThat(twoEpochs(Augmentation.randomSquareCrop()).get(1).images())
        .isEqualTo(square.get(1).images());
  }

  private static List<Batch> twoEpochs(Augmentation augmentation) {
    DataConfig data = new DataConfig(SourceConfig.synthetic(4, 8), 16, augmentation, 0, 0);
    return read(data, 8, 2, 0, 1);
  }

  /** {@code count} global batches of {@code size} for rank {@code rank} of {@code world}. */
  private static List<Batch> read(DataConfig data, int size, int count, int rank, int world) {
    List<Batch> out = new ArrayList<>();
    try (LoaderBatchSource s = new LoaderBatchSource(data, TestCodecs.codecs(), 6, 3, rank,
        world, OptionalInt.empty())) {
      for (int i = 0; i < count; i++) {
        out.add(s.batch((long) i * size, size).orElseThrow());
      }
    }
    return out;
  }

  private static List<String> keys(List<Batch> batches) {
    return batches.stream().flatMap(b -> b.keys().stream()).toList();
  }

  @Test
  void aShuffleBufferChangesTheOrderOfSyntheticRecordsAndTheSeedFixesIt() {
    DataConfig plain = new DataConfig(SourceConfig.synthetic(4, 32), 16,
        Augmentation.centerCrop(), 0, 0);
    List<String> inOrder = keys(read(plain, 8, 4, 0, 1));
    List<String> shuffled = keys(read(plain.withShuffleBuffer(16), 8, 4, 0, 1));

    assertThat(inOrder.get(0)).isEqualTo("synthetic-0");
    assertThat(inOrder.get(31)).isEqualTo("synthetic-31");
    assertThat(shuffled).isNotEqualTo(inOrder).containsExactlyInAnyOrderElementsOf(inOrder);
    assertThat(keys(read(plain.withShuffleBuffer(16), 8, 4, 0, 1))).isEqualTo(shuffled);
  }

  @Test
  void ranksReadDisjointSharesOfEachGlobalBatch() {
    DataConfig data = new DataConfig(SourceConfig.synthetic(4, 32), 16,
        Augmentation.centerCrop(), 0, 0);
    List<Batch> whole = read(data, 8, 2, 0, 1);
    List<Batch> rank0 = read(data, 8, 2, 0, 2);
    List<Batch> rank1 = read(data, 8, 2, 1, 2);

    for (int step = 0; step < 2; step++) {
      assertThat(rank0.get(step).size()).isEqualTo(4);
      List<String> both = new ArrayList<>(rank0.get(step).keys());
      both.addAll(rank1.get(step).keys());
      assertThat(both).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(whole.get(step).keys());
    }
    assertThat(rank1.get(0).keys()).containsExactly("synthetic-1", "synthetic-3", "synthetic-5",
        "synthetic-7");
  }

  /** An IDX3 file of {@code n} {@code side x side} images; image {@code i} is all {@code i}. */
  static Path idxImages(Path file, int n, int side) throws IOException {
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
      o.writeInt(0x00000803);
      o.writeInt(n);
      o.writeInt(side);
      o.writeInt(side);
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < side * side; p++) {
          o.writeByte(i);
        }
      }
    }
    return file;
  }

  /** An IDX1 file of {@code n} labels {@code i mod 10}. */
  static Path idxLabels(Path file, int n) throws IOException {
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
      o.writeInt(0x00000801);
      o.writeInt(n);
      for (int i = 0; i < n; i++) {
        o.writeByte(i % 10);
      }
    }
    return file;
  }
}
