package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.data.pipeline.BadRecordCounts;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.Loader;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.train.Batch;
import dev.clipjvm.clip.tf.train.BatchSource;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;

/**
 * File-based training data (WebDataset shards, CSV/TSV, image folders, mixtures) through the
 * clip-data {@link Loader}: parallel decoding and augmentation (JPEGs decoded by TensorFlow's
 * libjpeg-turbo when clip-tf is on the class path, Pillow-exact crops and resizing on SIMD
 * lanes), seeded shuffle, bad records skipped and counted. Batches come in the loader's
 * deterministic order.
 *
 * <p>The source remembers the loader's {@link DataPosition} after each of its most recent
 * batches, keyed by pairs consumed, so a checkpoint can record the position after exactly the
 * pairs its step consumed although the trainer has already prefetched later batches ({@link
 * #streamPosition}). A resume opens the loader at that stored position ({@link #openAt}): no
 * record before it is decoded (the loader walks the current epoch's order up to it, reading but
 * not decoding). A request for another position than the next one without a stored position (a
 * checkpoint written before positions were recorded) reopens the loader at the start and replays
 * the stream up to that pair, decoding every record on the way: a cost that grows with the
 * pairs trained so far. Either way a resume sees exactly the batches an uninterrupted run
 * would.
 *
 * <p>{@link #badRecords()} counts the records the current loader decoded: after a resume at a
 * stored position they start from zero at that position ({@link #countsFrom()}).
 */
final class LoaderBatchSource implements BatchSource, AutoCloseable {
  /** Batch end positions remembered: far more than the trainer prefetches ahead of a step. */
  static final int REMEMBERED = 16;

  private final DataConfig data;
  private final BpeTokenizer tokenizer;
  private final int context;
  private final long seed;
  /** Pairs consumed -> the loader's position after them, for the most recent batches. */
  private final TreeMap<Long, DataPosition> recent = new TreeMap<>();
  private Loader loader;
  private int batchSize;
  private long next = -1;
  private long countsFrom;

  LoaderBatchSource(DataConfig data, BpeTokenizer tokenizer, int context, long seed) {
    this.data = data;
    this.tokenizer = tokenizer;
    this.context = context;
    this.seed = seed;
  }

  @Override
  public synchronized Batch batch(long position, int size) {
    if (loader == null || position != next || size != batchSize) {
      reopen(position, size, Optional.ofNullable(recent.get(position)));
    }
    dev.clipjvm.clip.data.pipeline.Batch b = read();
    int[][] tokens = new int[b.size()][];
    for (int i = 0; i < b.size(); i++) {
      tokens[i] = Arrays.copyOfRange(b.tokens(), i * context, (i + 1) * context);
    }
    return new Batch(b.size(), b.imageSize(), b.images(), tokens);
  }

  @Override
  public synchronized Optional<DataPosition> streamPosition(long pairs) {
    return Optional.ofNullable(recent.get(pairs));
  }

  /**
   * Opens the loader for batches of {@code size} at stream position {@code at}, stored as the
   * position after the first {@code pairs} pairs; the next batch asked for should start at
   * {@code pairs}. Opening here rather than at the first batch makes a position that does not
   * fit the source (another number of parts, past the end of an epoch) fail at once, with the
   * loader's {@link IllegalArgumentException}.
   */
  synchronized void openAt(long pairs, int size, DataPosition at) {
    reopen(pairs, size, Optional.of(at));
    recent.put(pairs, at);
  }

  /** Records decoded and skipped by the current loader, counted from pair {@link #countsFrom}. */
  synchronized BadRecordCounts badRecords() {
    return loader == null ? BadRecordCounts.none() : loader.badRecords();
  }

  /** The pair at which the current loader started counting records: 0 unless it resumed. */
  synchronized long countsFrom() {
    return countsFrom;
  }

  private dev.clipjvm.clip.data.pipeline.Batch read() {
    dev.clipjvm.clip.data.pipeline.Batch b = loader.next();
    next += b.size();
    recent.put(next, b.position());
    while (recent.size() > REMEMBERED) {
      recent.pollFirstEntry();
    }
    return b;
  }

  /** Opens the loader at {@code start} (after {@code position} pairs) or replays up to there. */
  private void reopen(long position, int size, Optional<DataPosition> start) {
    closeLoader();
    // Rank 0 of 1. Data-parallel workers would each open their own shard here
    // (pipeline(..., rank, worldSize)) and keep their own positions; checkpoints would then hold
    // one stream position per rank (see CheckpointState).
    DataPipeline pipeline = data.pipeline(size, context, seed, 0, 1);
    var codecs = ClipCodecs.of(tokenizer);
    batchSize = size;
    if (start.isPresent()) {
      loader = Loader.open(pipeline, codecs, start.get());
      next = position;
      countsFrom = position;
      return;
    }
    if (position % size != 0) {
      throw new IllegalArgumentException("data position " + position
          + " is not a multiple of the batch size " + size);
    }
    loader = Loader.open(pipeline, codecs);
    countsFrom = 0;
    for (next = 0; next < position; ) {
      read();
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
