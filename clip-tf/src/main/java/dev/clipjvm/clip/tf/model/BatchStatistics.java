package dev.clipjvm.clip.tf.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The batch statistics a training-form BatchNorm records in its running averages. One process
 * records its own batch's ({@link #LOCAL}); a data-parallel worker records the global batch's,
 * combined from every worker's moments, so all workers (and the checkpoint) hold the same
 * running statistics. The normalization itself always uses the local batch's statistics.
 */
@FunctionalInterface
public interface BatchStatistics {
  /** The moments of this batch as they are. */
  BatchStatistics LOCAL = (tf, local) -> local;

  /**
   * Per-channel moments of a batch.
   *
   * @param mean per-channel mean [channels]
   * @param variance per-channel biased variance (what the batch is normalized with) [channels]
   * @param count values per channel (batch x height x width), a float scalar
   */
  record Moments(Operand<TFloat32> mean, Operand<TFloat32> variance, Operand<TFloat32> count) {}

  /** The moments to record, given this batch's {@code local} ones. */
  Moments combine(Ops tf, Moments local);
}
