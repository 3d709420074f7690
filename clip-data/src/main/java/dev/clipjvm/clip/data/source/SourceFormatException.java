package dev.clipjvm.clip.data.source;

import java.io.IOException;

/**
 * A data source's file is readable but does not have the layout its configuration names (for
 * example a CSV file without the configured caption column): the input is at fault, not the
 * disk. The message names the file and what is missing.
 */
public final class SourceFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the file and the problem. */
  public SourceFormatException(String message) {
    super(message);
  }
}
