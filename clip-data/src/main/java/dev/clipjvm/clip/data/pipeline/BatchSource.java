package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Training batches addressed by pairs consumed: {@code batch(p, n)} is the global batch of
 * {@code n} pairs that starts after pair {@code p} of the training stream, or this worker's
 * share of it when the source is sharded ({@link LoaderBatchSource} for rank {@code r} of
 * {@code N} returns {@code n / N} pairs, disjoint from every other rank's). Asking for the
 * batches in order costs one pass over the data; a source answers the other questions a run
 * needs: how many pairs an epoch holds, and where its stream stands after a given number of
 * pairs (what a checkpoint records so a resume continues exactly there).
 */
public interface BatchSource extends AutoCloseable {

  /**
   * This worker's share of the {@code globalSize} pairs after the first {@code pairs}; empty
   * once the data has ended (a pipeline with a finite number of epochs).
   */
  Optional<Batch> batch(long pairs, int globalSize);

  /**
   * Where this worker's stream stands after the first {@code pairs} pairs, so a checkpoint can
   * record it; empty when the source no longer remembers that point. A source may have read
   * ahead (training prefetches), so this is the position after exactly {@code pairs} pairs, not
   * the stream's current one.
   */
  Optional<DataPosition> streamPosition(long pairs);

  /**
   * The pairs in one epoch of the whole source (all workers), counted without decoding; empty
   * when an epoch is not defined (a weighted mixture is resampled without end).
   */
  OptionalLong epochSize();

  /** Releases the source's threads and files. */
  @Override
  default void close() {}
}
