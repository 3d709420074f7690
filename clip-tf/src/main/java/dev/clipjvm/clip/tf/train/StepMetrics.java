package dev.clipjvm.clip.tf.train;

/**
 * What one optimizer step measured.
 *
 * @param step 1-based number of the step
 * @param loss the contrastive loss of the step's batch (before the update)
 * @param lr learning rate used
 * @param logitScale {@code exp(logit_scale)} used by the step (before its update)
 * @param gradNorm global gradient norm before clipping
 * @param pairsPerSecond batch size over the step's wall time (data wait included)
 * @param dataWaitSeconds time spent waiting for the batch
 */
public record StepMetrics(long step, double loss, double lr, double logitScale, double gradNorm,
    double pairsPerSecond, double dataWaitSeconds) {}
