package dev.clipjvm.clip.tf.train;

/** Training stopped because the loss or the gradients stopped being finite. */
public final class NonFiniteLossException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long step;

  /** Non-finite values at {@code step}; {@code detail} says which and where to resume. */
  public NonFiniteLossException(long step, String detail) {
    super("step " + step + ": " + detail);
    this.step = step;
  }

  /** The step whose loss or gradients were not finite. */
  public long step() {
    return step;
  }
}
