package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.data.source.RecordSource;
import dev.clipjvm.clip.data.source.ResolvedSource;
import dev.clipjvm.clip.data.source.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The training data of an experiment, whatever its source (synthetic, IDX, WebDataset shards,
 * CSV/TSV, image folders, weighted mixtures), through the {@link Loader}: the experiment's
 * {@link DataConfig#pipeline} (shard, epochs or forever, shuffle, decode, augment, tokenize,
 * batch) with a prefetch stage ({@link #WORKERS} decoding threads, {@link #AHEAD} batches
 * ahead); batches come in the loader's deterministic order, so the same seed gives the same
 * batches. With {@code epochs} given the data ends after them ({@link #batch} is then empty);
 * {@link #epochSize} says how many pairs an epoch holds, so a trainer can plan its steps.
 *
 * <p>Sharding: rank {@code r} of {@code N} runs the pipeline with a shard stage (records whose
 * index is {@code r} modulo {@code N}) and a batch of {@code globalSize / N}, so the ranks'
 * batches at one step are disjoint shares of one global batch. Positions handed to {@link
 * #batch} are global pair counts.
 *
 * <p>The source remembers the loader's {@link DataPosition} after each of its most recent
 * batches, keyed by pairs consumed, so a checkpoint can record the position after exactly the
 * pairs its step consumed although training has already prefetched later batches ({@link
 * #streamPosition}). A resume opens the loader at that stored position ({@link #openAt}): no
 * record before it is decoded (the loader walks the current epoch's order up to it, reading but
 * not decoding). A request for another position than the next one without a stored position (a
 * checkpoint written before positions were recorded) reopens the loader at the start and replays
 * the stream up to that pair, decoding every record on the way. Either way a resume sees exactly
 * the batches an uninterrupted run would.
 *
 * <p>{@link #badRecords()} counts the records the current loader decoded: after a resume at a
 * stored position they start from zero at that position ({@link #countsFrom()}).
 */
public final class LoaderBatchSource implements BatchSource {
  /** Batch end positions remembered: far more than training prefetches ahead of a step. */
  public static final int REMEMBERED = 16;

  /**
   * Decoding threads while training: a quarter of the cores, at least one. Training keeps every
   * core busy with TensorFlow's own threads, and a data thread that preempts one of them stalls
   * the whole op; one thread already decodes the demo's data (and 224 px JPEGs) many times
   * faster than a 2-core machine trains on them (docs/data.md#throughput).
   */
  static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 4);

  /** Batches decoded ahead of the one training takes (besides the trainer's own prefetch). */
  static final int AHEAD = 4;

  private final DataConfig data;
  private final SampleCodecs codecs;
  private final int context;
  private final long seed;
  private final int rank;
  private final int worldSize;
  private final OptionalInt epochs;
  /** Global pairs consumed -> the loader's position after them, for the most recent batches. */
  private final TreeMap<Long, DataPosition> recent = new TreeMap<>();
  private OptionalLong epochSize;
  /** The source's record sources, resolved once (files listed, IDX read) for every reopening. */
  private ResolvedSource resolved;
  private Loader loader;
  private int globalSize;
  private long next = -1;
  /** Pairs after which the current loader's data ended (its epochs are done). */
  private long endedAt = Long.MAX_VALUE;
  private long countsFrom;

  /**
   * Rank {@code rank} of {@code worldSize}'s view of {@code data}: captions tokenized by
   * {@code codecs} to {@code context} ids, shuffled and augmented from {@code seed}, read for
   * {@code epochs} passes (empty: without end, the trainer decides when to stop).
   */
  public LoaderBatchSource(DataConfig data, SampleCodecs codecs, int context, long seed,
      int rank, int worldSize, OptionalInt epochs) {
    if (worldSize < 1 || rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("rank " + rank + " is not in [0, world size "
          + worldSize + ")");
    }
    this.data = data;
    this.codecs = codecs;
    this.context = context;
    this.seed = seed;
    this.rank = rank;
    this.worldSize = worldSize;
    this.epochs = epochs;
  }

  @Override
  public synchronized Optional<Batch> batch(long pairs, int size) {
    if (loader != null && size == globalSize && pairs >= endedAt) {
      // Training asks ahead; past the end there is nothing, and no reason to replay.
      return Optional.empty();
    }
    if (loader == null || pairs != next || size != globalSize) {
      reopen(pairs, size, Optional.ofNullable(recent.get(pairs)));
    }
    return read();
  }

  @Override
  public synchronized Optional<DataPosition> streamPosition(long pairs) {
    return Optional.ofNullable(recent.get(pairs));
  }

  /**
   * The records of one pass over the source: the sample count of synthetic data, the images of
   * IDX files, the rows of a CSV file, the files of a folder, the samples of tar shards (read
   * from their headers). Records that turn out unusable are included: they are skipped when
   * decoded, so an epoch can yield fewer pairs than this.
   */
  @Override
  public synchronized OptionalLong epochSize() {
    if (epochSize == null) {
      ResolvedSource source = resolved();
      if (source.parts().size() > 1) {
        epochSize = OptionalLong.empty();
      } else {
        RecordSource part = source.parts().get(0);
        try {
          epochSize = OptionalLong.of(part.count());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot count the records of " + part.describe() + ": "
              + e.getMessage(), e);
        }
      }
    }
    return epochSize;
  }

  /**
   * Opens the loader for global batches of {@code size} at stream position {@code at}, stored
   * as the position after the first {@code pairs} pairs; the next batch asked for should start
   * at {@code pairs}. Opening here rather than at the first batch makes a position that does not
   * fit the source (another number of parts, past the end of an epoch) fail at once, with the
   * loader's {@link IllegalArgumentException}.
   */
  public synchronized void openAt(long pairs, int size, DataPosition at) {
    reopen(pairs, size, Optional.of(at));
    recent.put(pairs, at);
  }

  /** Records decoded and skipped by the current loader, counted from pair {@link #countsFrom}. */
  public synchronized BadRecordCounts badRecords() {
    return loader == null ? BadRecordCounts.none() : loader.badRecords();
  }

  /** The pair at which the current loader started counting records: 0 unless it resumed. */
  public synchronized long countsFrom() {
    return countsFrom;
  }

  /** Seconds the current loader's consumer waited for records (near zero when it keeps up). */
  public synchronized double waitSeconds() {
    return loader == null ? 0 : loader.waitSeconds();
  }

  private ResolvedSource resolved() {
    if (resolved == null) {
      resolved = Sources.resolve(data.source(), data.imageSize(), data.augmentation());
    }
    return resolved;
  }

  private DataPipeline pipeline(int size) {
    if (size % worldSize != 0) {
      throw new IllegalArgumentException("batch size " + size + " is not divisible by the "
          + worldSize + " workers");
    }
    return data.pipeline(size / worldSize, context, seed, rank, worldSize, epochs)
        .prefetch(AHEAD, WORKERS);
  }

  private Optional<Batch> read() {
    if (!loader.hasNext()) {
      endedAt = next;
      return Optional.empty();
    }
    Batch b = loader.next();
    next += globalSize;
    recent.put(next, b.position());
    while (recent.size() > REMEMBERED) {
      recent.pollFirstEntry();
    }
    return Optional.of(b);
  }

  /** Opens the loader at {@code start} (after {@code pairs} pairs) or replays up to there. */
  private void reopen(long pairs, int size, Optional<DataPosition> start) {
    closeLoader();
    DataPipeline pipeline = pipeline(size);
    globalSize = size;
    endedAt = Long.MAX_VALUE;
    if (start.isPresent()) {
      loader = Loader.open(pipeline, codecs, resolved(), start.get());
      next = pairs;
      countsFrom = pairs;
      return;
    }
    if (pairs % size != 0) {
      throw new IllegalArgumentException("data position " + pairs
          + " is not a multiple of the batch size " + size);
    }
    loader = Loader.open(pipeline, codecs, resolved(),
        DataPosition.start(resolved().parts().size()));
    countsFrom = 0;
    for (next = 0; next < pairs; ) {
      if (read().isEmpty()) {
        throw new IllegalArgumentException("data position " + pairs + " is past the end of the "
            + "data (" + next + " pairs)");
      }
    }
  }

  @Override
  public synchronized void close() {
    closeLoader();
  }

  private void closeLoader() {
    if (loader != null) {
      loader.close();
      loader = null;
    }
  }
}
