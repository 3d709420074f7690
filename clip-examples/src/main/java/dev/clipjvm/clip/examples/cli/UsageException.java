package dev.clipjvm.clip.examples.cli;

/**
 * A mistake in what the user asked for, found by a command itself (an option value out of range,
 * an unknown preset, a query list without queries): reported as one line, exit code 2.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  /** The library rejected a value the user gave; its message says which and why. */
  UsageException(IllegalArgumentException cause) {
    super(cause.getMessage(), cause);
  }
}
