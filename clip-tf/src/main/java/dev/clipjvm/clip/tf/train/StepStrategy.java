package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.train.TrainingConfig;

/** Which {@link TrainingStep} a {@link TrainGraph} builds, chosen from the configuration. */
public sealed interface StepStrategy {

  /** One forward and backward pass over the whole batch. */
  record FullBatch() implements StepStrategy {}

  /**
   * The gradient cache (Gao et al. 2021, "Scaling Deep Contrastive Learning Batch Size under
   * Memory Limited Setup"): the batch passes through the encoders in micro-batches, yet the
   * loss and its gradient cover the whole batch, so the update equals the full-batch one.
   *
   * @param microBatchSize pairs per encoder pass, positive
   */
  record GradientCache(int microBatchSize) implements StepStrategy {
    /** Rejects a size below 1. */
    public GradientCache {
      if (microBatchSize < 1) {
        throw new IllegalArgumentException("micro-batch size " + microBatchSize
            + " must be positive");
      }
    }
  }

  /** The strategy {@code config} asks for: the gradient cache when micro-batched. */
  static StepStrategy of(TrainingConfig config) {
    return config.microBatched() ? new GradientCache(config.microBatchSize()) : new FullBatch();
  }
}
