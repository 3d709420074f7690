package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.data.pipeline.BadRecordCounts;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.Loader;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.data.TfJpegCrops;
import dev.clipjvm.clip.tf.train.Batch;
import dev.clipjvm.clip.tf.train.BatchSource;

/**
 * File-based training data (WebDataset shards, CSV/TSV, image folders, mixtures) through the
 * clip-data {@link Loader}: parallel decoding and augmentation (JPEG random resized crops decoded
 * by TensorFlow, {@link TfJpegCrops}), seeded shuffle, bad records skipped and counted. Batches come in the loader's deterministic order; a request for another
 * position than the next one (a resumed run) reopens the loader and replays the stream up to
 * that pair, so a resume sees exactly the batches an uninterrupted run would.
 */
final class LoaderBatchSource implements BatchSource, AutoCloseable {
  private final DataConfig data;
  private final BpeTokenizer tokenizer;
  private final int context;
  private final long seed;
  private final TfJpegCrops jpegCrops = new TfJpegCrops();
  private Loader loader;
  private DataPipeline pipeline;
  private long next = -1;

  LoaderBatchSource(DataConfig data, BpeTokenizer tokenizer, int context, long seed) {
    this.data = data;
    this.tokenizer = tokenizer;
    this.context = context;
    this.seed = seed;
  }

  @Override
  public synchronized Batch batch(long position, int size) {
    if (loader == null || position != next || pipeline.stage(
        dev.clipjvm.clip.api.data.Stage.Batch.class).orElseThrow().size() != size) {
      reopen(position, size);
    }
    dev.clipjvm.clip.data.pipeline.Batch b = loader.next();
    next += b.size();
    int[][] tokens = new int[b.size()][];
    for (int i = 0; i < b.size(); i++) {
      tokens[i] = java.util.Arrays.copyOfRange(b.tokens(), i * context, (i + 1) * context);
    }
    return new Batch(b.size(), b.imageSize(), b.images(), tokens);
  }

  private void reopen(long position, int size) {
    if (position % size != 0) {
      throw new IllegalArgumentException("data position " + position
          + " is not a multiple of the batch size " + size);
    }
    closeLoader();
    pipeline = data.pipeline(size, context, seed, 0, 1);
    loader = Loader.open(pipeline, ClipCodecs.of(tokenizer).withFused(jpegCrops));
    for (next = 0; next < position; next += size) {
      loader.next();
    }
  }

  /** Records seen and skipped so far by the current loader. */
  synchronized BadRecordCounts badRecords() {
    return loader == null ? BadRecordCounts.none() : loader.badRecords();
  }

  @Override
  public synchronized void close() {
    closeLoader();
    jpegCrops.close();
  }

  private void closeLoader() {
    if (loader != null) {
      loader.close();
      loader = null;
    }
  }
}
