package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import io.vavr.collection.Seq;
import java.util.ArrayList;
import java.util.List;

/**
 * A data pipeline as a value: a source followed by stages, built fluently
 * ({@code DataPipeline.from(src).shuffle(1000, 7).decode().augment(224, aug).tokenize(77)
 * .batch(64)}) or read from JSON ({@link DataJson#readPipeline}); both give equal values.
 * clip-data executes it. Each fluent call returns a new pipeline; none mutates.
 *
 * <p>clip-data executes the stages as composed, in the order listed: record stages (shard,
 * shuffle) act on each epoch's records in their order, then each record is decoded, augmented
 * and tokenized, then batched. An order that cannot run that way is refused here with the path
 * of the stage at fault ({@code stages[3]: shuffle must come before batch}): stages appear in
 * the order shard, epochs|forever, shuffle, decode, augment, tokenize, batch, prefetch, each
 * kind at most once. {@link #runProblems()} lists what a pipeline still lacks before it can run
 * (decode, augment and batch are required).
 *
 * @param source where records come from
 * @param stages the stages in order
 */
public record DataPipeline(SourceConfig source, List<Stage> stages) {

  /** Validates the order and uniqueness of the stages, reporting all problems at once. */
  public DataPipeline {
    Problems.requireNonNull(new String[] {"stages"}, stages);
    stages = List.copyOf(stages);
    Problems c = new Problems().check(source != null, "source", "must not be null");
    for (int i = 1; i < stages.size(); i++) {
      Stage prev = stages.get(i - 1);
      Stage cur = stages.get(i);
      c.check(cur.order() != prev.order(), "stages[" + i + "]",
          cur.name() + " repeats the role of " + prev.name() + " at stages[" + (i - 1) + "]");
      c.check(cur.order() >= prev.order(), "stages[" + i + "]",
          cur.name() + " must come before " + prev.name()
              + " (order: shard, epochs|forever, shuffle, decode, augment, tokenize, batch, "
              + "prefetch)");
    }
    if (source instanceof MixedSource) {
      for (int i = 0; i < stages.size(); i++) {
        c.check(!(stages.get(i) instanceof Stage.Epochs), "stages[" + i + "]",
            "a mixed source is resampled without end; use forever instead of epochs");
      }
    }
    c.throwIfAny();
  }

  /** A pipeline with no stages yet. */
  public static DataPipeline from(SourceConfig source) {
    return new DataPipeline(source, List.of());
  }

  /** This pipeline with {@code stage} appended. */
  public DataPipeline then(Stage stage) {
    List<Stage> next = new ArrayList<>(stages);
    next.add(stage);
    return new DataPipeline(source, next);
  }

  /** Keeps the records of worker {@code rank} out of {@code worldSize}. */
  public DataPipeline shard(int rank, int worldSize) {
    return then(new Stage.Shard(rank, worldSize));
  }

  /** Passes over the data {@code count} times. */
  public DataPipeline epochs(int count) {
    return then(new Stage.Epochs(count));
  }

  /** Passes over the data without end. */
  public DataPipeline forever() {
    return then(new Stage.Forever());
  }

  /** Shuffles through a buffer of {@code buffer} records with {@code seed}. */
  public DataPipeline shuffle(int buffer, long seed) {
    return then(new Stage.Shuffle(buffer, seed));
  }

  /** Decodes with PIL's pixel limit, stopping when more than 5% of the records are bad. */
  public DataPipeline decode() {
    return decode(Stage.Decode.DEFAULT_MAX_PIXELS, 0.05);
  }

  /** Decodes with the given pixel limit and tolerated fraction of bad records. */
  public DataPipeline decode(long maxPixels, double maxBadFraction) {
    return then(new Stage.Decode(maxPixels, maxBadFraction));
  }

  /** Augments to square {@code imageSize} inputs. */
  public DataPipeline augment(int imageSize, Augmentation augmentation) {
    return then(new Stage.Augment(imageSize, augmentation));
  }

  /** Tokenizes captions to {@code contextLength} ids. */
  public DataPipeline tokenize(int contextLength) {
    return then(new Stage.Tokenize(contextLength));
  }

  /** Groups {@code size} samples per batch, keeping a smaller last batch. */
  public DataPipeline batch(int size) {
    return then(new Stage.Batch(size, false));
  }

  /** Groups {@code size} samples per batch, dropping a smaller last batch if asked. */
  public DataPipeline batch(int size, boolean dropLast) {
    return then(new Stage.Batch(size, dropLast));
  }

  /** Decodes on {@code workers} threads with at most {@code batches} batches buffered. */
  public DataPipeline prefetch(int batches, int workers) {
    return then(new Stage.Prefetch(batches, workers));
  }

  private boolean has(Class<? extends Stage> kind) {
    return stages.stream().anyMatch(kind::isInstance);
  }

  /** What this pipeline lacks before it can run (empty when runnable). */
  public Seq<Problem> runProblems() {
    return new Problems()
        .check(has(Stage.Decode.class), "stages", "no decode stage")
        .check(has(Stage.Augment.class), "stages",
            "no augment stage (it sets the image size)")
        .check(has(Stage.Batch.class), "stages", "no batch stage")
        .check(!(source instanceof MixedSource) || has(Stage.Forever.class),
            "stages", "a mixed source needs a forever stage")
        .all();
  }

  /** Throws {@link dev.clipjvm.clip.api.model.InvalidConfigException} unless runnable. */
  public DataPipeline requireRunnable() {
    if (!runProblems().isEmpty()) {
      throw new dev.clipjvm.clip.api.model.InvalidConfigException(runProblems());
    }
    return this;
  }
}
