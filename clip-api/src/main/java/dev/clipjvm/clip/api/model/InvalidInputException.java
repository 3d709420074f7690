package dev.clipjvm.clip.api.model;

/**
 * Input from the caller that the library refuses: a file, a directory, an option's value or a
 * combination of them, named in the message ("runs/x is not an image index (no index.json)").
 * A mistake in what the caller passed, never a bug, so applications can tell the two apart by
 * type: the {@code clip} command line reports every one as a one-line error with exit code 2,
 * without each command catching and rethrowing.
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The exception; {@code message} names the input at fault and what is wrong with it. */
  public InvalidInputException(String message) {
    super(message);
  }

  /** The exception with the error that revealed the problem. */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
