package dev.clipjvm.clip.tf.train;

/**
 * What one run of the training step ({@link TrainGraph#run}) returns, read from the same
 * session run that applied the update.
 *
 * @param loss the contrastive loss of the batch (before the update)
 * @param gradNorm global L2 norm of the gradients before clipping
 * @param logLogitScale the log temperature the step used (before its update and clamp)
 */
public record StepResult(double loss, double gradNorm, double logLogitScale) {

  /** {@code exp(logit_scale)}: the temperature the step's similarities were multiplied by. */
  public double logitScale() {
    return Math.exp(logLogitScale);
  }

  /** True if the loss and the gradient norm are finite numbers. */
  public boolean finite() {
    return Double.isFinite(loss) && Double.isFinite(gradNorm);
  }
}
