package dev.clipjvm.clip.data.idx;

import java.io.IOException;

/** A file is not a valid IDX file; the message names the file and the fault. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A fault {@code message} found in the file {@code name}. */
  public IdxFormatException(String name, String message) {
    super(name + ": " + message);
  }
}
