package dev.clipjvm.clip.tf.model;

/** How the ModifiedResNet's BatchNorm layers normalize. */
public enum BatchNormMode {
  /**
   * Inference form with the checkpoint's running statistics (eps 1e-5), folded into the
   * preceding convolution's kernel and a bias at run time.
   */
  INFERENCE,
  /**
   * Training form: normalize with the statistics of the current batch (over batch, height and
   * width), and declare PyTorch's running-statistics updates (momentum 0.1, unbiased variance,
   * {@code num_batches_tracked}) through {@link Parameters#update}, which the training step runs.
   */
  BATCH_STATISTICS
}
