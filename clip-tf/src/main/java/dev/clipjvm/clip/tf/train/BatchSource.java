package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.Optional;

/**
 * Training batches as a pure function of the data position: the batch of {@code size} pairs
 * starting at pair {@code position} of the training stream. Resuming at a position therefore
 * replays exactly the batches an uninterrupted run would have seen.
 */
@FunctionalInterface
public interface BatchSource {

  /** The {@code size} pairs starting at pair {@code position}. */
  Batch batch(long position, int size);

  /**
   * Where the underlying data stream stands after the first {@code pairs} pairs, for sources
   * that read a stream (the clip-data loader), so a checkpoint can record it and a resume can
   * open the stream there instead of replaying it. Empty for position-addressed sources (their
   * batches need no stream state) and when the source no longer remembers that point. A source
   * may have read ahead of {@code pairs} (the trainer prefetches), so this is the position after
   * exactly {@code pairs} pairs, not the stream's current one.
   */
  default Optional<DataPosition> streamPosition(long pairs) {
    return Optional.empty();
  }
}
