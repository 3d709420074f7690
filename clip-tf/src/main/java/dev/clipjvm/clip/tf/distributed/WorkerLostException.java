package dev.clipjvm.clip.tf.distributed;

/**
 * A data-parallel run stopped because another worker died or stopped answering: a collective
 * timed out or failed. The message names the lost task(s) as far as they can be told.
 */
public final class WorkerLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A run stopped with {@code message}; {@code cause} is TensorFlow's error. */
  public WorkerLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
