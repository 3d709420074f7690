package dev.clipjvm.clip.api.train;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;

/**
 * How to train a CLIP model: the contrastive batch, how long, the optimizer and its schedule,
 * precision, gradient clipping, and the cadence of logs, evaluations and checkpoints. Intervals
 * count optimizer steps.
 *
 * @param batchSize (image, text) pairs per step, at least 2 (a contrastive batch needs negatives)
 * @param length how many steps or epochs to train
 * @param optimizer AdamW settings; {@code optimizer.lr} is the peak learning rate
 * @param schedule linear warmup then cosine decay of the learning rate
 * @param precision float32 or bfloat16 mixed precision
 * @param gradClipNorm clip the global gradient norm to this; 0 turns clipping off
 * @param checkpointInterval save a checkpoint every this many steps (and at the end); 0 saves
 *     only at the end
 * @param keepCheckpoints how many of the most recent checkpoints to keep, at least 1
 * @param logInterval log loss and learning rate every this many steps, positive
 * @param evalInterval evaluate every this many steps; 0 turns evaluation during training off
 * @param seed seed of weight initialization, shuffling and augmentation
 * @param microBatchSize pairs per forward/backward pass; less than {@code batchSize} trains with
 *     the gradient cache (the loss and its gradient still cover the whole batch, so a step is
 *     the large-batch step); must divide {@code batchSize}
 * @param recompute recompute each Transformer block's activations in the backward pass instead
 *     of keeping them (gradient checkpointing): less memory, about one more forward pass
 * @param device where the step runs ({@code cpu}, {@code gpu:N}, {@code auto}); not part of what
 *     is trained, so a run may resume on another device
 */
public record TrainingConfig(
    int batchSize,
    TrainingLength length,
    AdamWConfig optimizer,
    WarmupCosine schedule,
    Precision precision,
    double gradClipNorm,
    long checkpointInterval,
    int keepCheckpoints,
    long logInterval,
    long evalInterval,
    long seed,
    int microBatchSize,
    boolean recompute,
    Device device) {

  /**
   * A configuration without micro-batching (every forward and backward pass covers the whole
   * batch) or recomputation.
   */
  public TrainingConfig(int batchSize, TrainingLength length, AdamWConfig optimizer,
      WarmupCosine schedule, Precision precision, double gradClipNorm, long checkpointInterval,
      int keepCheckpoints, long logInterval, long evalInterval, long seed) {
    this(batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, batchSize, false, Device.AUTO);
  }

  /** Paper table 19: minibatch of 32,768 pairs. */
  public static final int PAPER_BATCH_SIZE = 32_768;

  /** Paper table 19: 32 epochs. */
  public static final int PAPER_EPOCHS = 32;

  /** Paper table 19: 2000 warmup iterations. */
  public static final long PAPER_WARMUP_STEPS = 2000;

  /** Validates every field and reports all problems at once. */
  public TrainingConfig {
    Problems p = new Problems()
        .check(batchSize >= 2, "batch_size",
            batchSize + " must be at least 2 (a contrastive batch needs negatives)")
        .atMost("batch_size", batchSize, Limits.MAX_BATCH)
        .check(length != null, "steps", "neither steps nor epochs is given")
        .check(optimizer != null, "optimizer", "is missing")
        .check(schedule != null, "schedule", "is missing")
        .check(precision != null, "precision", "is missing")
        .check(gradClipNorm >= 0 && Double.isFinite(gradClipNorm), "grad_clip_norm",
            gradClipNorm + " must be finite and at least 0 (0 = off)")
        .check(checkpointInterval >= 0, "checkpoint_interval",
            checkpointInterval + " must be at least 0 (0 = only at the end)")
        .positive("keep_checkpoints", keepCheckpoints)
        .positive("log_interval", logInterval)
        .check(evalInterval >= 0, "eval_interval", evalInterval + " must be at least 0 (0 = off)")
        .check(device != null, "device", "is missing")
        .positive("micro_batch_size", microBatchSize)
        .check(microBatchSize <= 0 || batchSize % microBatchSize == 0, "micro_batch_size",
            microBatchSize + " must divide batch_size " + batchSize);
    if (length instanceof TrainingLength.Steps s && schedule != null) {
      p.check(schedule.warmupSteps() < s.count(), "schedule.warmup_steps",
          schedule.warmupSteps() + " must be less than steps " + s.count());
    }
    p.throwIfAny();
  }

  /**
   * The paper's recipe for a ResNet image encoder (appendix F, table 19): batch 32,768, 32
   * epochs, AdamW betas 0.9/0.999, eps 1e-8, weight decay 0.2, 2000 warmup steps then cosine
   * decay to 0, mixed precision. Peak learning rates (table 20): 5e-4 for RN50, RN101 and
   * RN50x4, 4e-4 for RN50x16, 3.6e-4 for RN50x64.
   */
  public static TrainingConfig paperResNet(double lr) {
    return paper(AdamWConfig.paperResNet(lr));
  }

  /**
   * The paper's recipe for a ViT image encoder (appendix F, table 19): as {@link #paperResNet}
   * but AdamW betas 0.9/0.98 and eps 1e-6. Peak learning rates (table 20): 5e-4 for ViT-B/32
   * and ViT-B/16, 4e-4 for ViT-L/14.
   */
  public static TrainingConfig paperVit(double lr) {
    return paper(AdamWConfig.paperVit(lr));
  }

  private static TrainingConfig paper(AdamWConfig optimizer) {
    return new TrainingConfig(PAPER_BATCH_SIZE, TrainingLength.epochs(PAPER_EPOCHS), optimizer,
        new WarmupCosine(PAPER_WARMUP_STEPS, 0.0), Precision.BF16_MIXED, 0.0, 1000, 3, 100, 0, 0);
  }

  /**
   * A small CPU run for the demo and tests: batch 64, 500 steps, ViT AdamW settings at lr 5e-4
   * with weight decay 0.1, 50 warmup steps, float32, gradients clipped to norm 1.
   */
  public static TrainingConfig demo() {
    return new TrainingConfig(64, TrainingLength.steps(500),
        AdamWConfig.paperVit(5e-4).withWeightDecay(0.1), new WarmupCosine(50, 0.0),
        Precision.FP32, 1.0, 100, 2, 10, 100, 42);
  }

  /** Optimizer steps of the whole run for a data set of {@code examplesPerEpoch} pairs. */
  public long totalSteps(long examplesPerEpoch) {
    return length.totalSteps(examplesPerEpoch, batchSize);
  }

  /** The learning rate at 0-based {@code step} of a run of {@code totalSteps} steps. */
  public double learningRate(long step, long totalSteps) {
    return optimizer.lr() * schedule.factor(step, totalSteps);
  }

  /**
   * The same configuration at batch size {@code v}; without micro-batching it stays without,
   * otherwise the micro-batch size is kept (and must divide {@code v}).
   */
  public TrainingConfig withBatchSize(int v) {
    int micro = microBatchSize == batchSize ? v : microBatchSize;
    return new TrainingConfig(
        v, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, micro, recompute, device);
  }

  public TrainingConfig withLength(TrainingLength v) {
    return new TrainingConfig(
        batchSize, v, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withOptimizer(AdamWConfig v) {
    return new TrainingConfig(
        batchSize, length, v, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withSchedule(WarmupCosine v) {
    return new TrainingConfig(
        batchSize, length, optimizer, v, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withPrecision(Precision v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, v, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withGradClipNorm(double v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, v, checkpointInterval, keepCheckpoints,
        logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withCheckpointInterval(long v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, v, keepCheckpoints,
        logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withKeepCheckpoints(int v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval, v,
        logInterval, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withLogInterval(long v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, v, evalInterval, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withEvalInterval(long v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, v, seed, microBatchSize, recompute, device);
  }

  public TrainingConfig withSeed(long v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, v, microBatchSize, recompute, device);
  }

  public TrainingConfig withMicroBatchSize(int v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, v, recompute, device);
  }

  public TrainingConfig withRecompute(boolean v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, microBatchSize, v, device);
  }

  public TrainingConfig withDevice(Device v) {
    return new TrainingConfig(
        batchSize, length, optimizer, schedule, precision, gradClipNorm, checkpointInterval,
        keepCheckpoints, logInterval, evalInterval, seed, microBatchSize, recompute, v);
  }

  /** Whether a step runs in micro-batches with the gradient cache. */
  public boolean microBatched() {
    return microBatchSize < batchSize;
  }
}
