package dev.clipjvm.clip.tf.experiment;

/**
 * The run directory does not fit the request: it already holds checkpoints and the run is not a
 * resume, a resume finds no checkpoint, or it resumes with an experiment or data source other
 * than the one the directory was written with. A mistake in the caller's input, never a bug.
 */
public class RunDirectoryException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the directory or file at fault. */
  public RunDirectoryException(String message) {
    super(message);
  }

  /** Creates the exception with the error that revealed the mismatch. */
  public RunDirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
