package dev.clipjvm.clip.tf.train;

/**
 * Training batches as a pure function of the data position: the batch of {@code size} pairs
 * starting at pair {@code position} of the training stream. Resuming at a position therefore
 * replays exactly the batches an uninterrupted run would have seen.
 */
@FunctionalInterface
public interface BatchSource {

  /** The {@code size} pairs starting at pair {@code position}. */
  Batch batch(long position, int size);
}
