package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.tf.distributed.Collectives;
import java.util.Objects;

/** Which {@link TrainingStep} a {@link TrainGraph} builds, chosen from the configuration. */
public sealed interface StepStrategy {

  /** One forward and backward pass over the whole batch. */
  record FullBatch() implements StepStrategy {}

  /**
   * The gradient cache (Gao et al. 2021, "Scaling Deep Contrastive Learning Batch Size under
   * Memory Limited Setup"): the batch passes through the encoders in micro-batches, yet the
   * loss and its gradient cover the whole batch, so the update equals the full-batch one.
   *
   * <p>The loss and its feature gradients are computed in tiles of {@code lossBlock} rows and
   * columns of the {@code [batch, batch]} logits, so the loss's memory stays that of a few
   * tiles at any batch size.
   *
   * @param microBatchSize pairs per encoder pass, positive
   * @param lossBlock rows and columns of one tile of the loss, positive
   */
  record GradientCache(int microBatchSize, int lossBlock) implements StepStrategy {
    /**
     * Tiles of 2048 x 2048 logits: 16 MiB a matrix, a few alive at once, while each tile's
     * matmuls stay large enough to run at full rate.
     */
    public static final int DEFAULT_LOSS_BLOCK = 2048;

    /** Rejects a size below 1. */
    public GradientCache {
      if (microBatchSize < 1) {
        throw new IllegalArgumentException("micro-batch size " + microBatchSize
            + " must be positive");
      }
      if (lossBlock < 1) {
        throw new IllegalArgumentException("loss block " + lossBlock + " must be positive");
      }
    }

    /** Micro-batches of {@code microBatchSize} with loss tiles of {@link #DEFAULT_LOSS_BLOCK}. */
    public GradientCache(int microBatchSize) {
      this(microBatchSize, DEFAULT_LOSS_BLOCK);
    }
  }

  /**
   * One worker of a data-parallel run: a whole-batch pass over the worker's share, the loss over
   * the gathered global batch ({@link dev.clipjvm.clip.tf.distributed.DataParallelLoss}) and the
   * gradients all-reduced, so the update equals the single-process one. Not combined with the
   * gradient cache.
   *
   * @param collectives the worker's collective ops
   */
  record DataParallel(Collectives collectives) implements StepStrategy {
    /** Requires the collectives. */
    public DataParallel {
      Objects.requireNonNull(collectives, "collectives");
    }
  }

  /** The strategy {@code config} asks for: the gradient cache when micro-batched. */
  static StepStrategy of(TrainingConfig config) {
    return config.microBatched() ? new GradientCache(config.microBatchSize()) : new FullBatch();
  }
}
