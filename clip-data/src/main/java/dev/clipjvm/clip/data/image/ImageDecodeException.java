package dev.clipjvm.clip.data.image;

import java.io.IOException;

/** An image could not be decoded: empty, truncated, corrupt, of an unknown format, or too large. */
public class ImageDecodeException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An error about the image named {@code source}. */
  public ImageDecodeException(String source, String message) {
    super(source + ": " + message);
  }

  /** An error about the image named {@code source}, caused by {@code cause}. */
  public ImageDecodeException(String source, String message, Throwable cause) {
    super(source + ": " + message + (cause.getMessage() == null ? "" : " (" + cause.getMessage()
        + ")"), cause);
  }
}
