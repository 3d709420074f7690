package dev.clipjvm.clip.data.pretrained;

import java.net.URI;

/**
 * A completed download's SHA-256 differs from the expected one. The bytes were deleted, so the
 * cache holds no unverified file and the next attempt starts from zero.
 */
public final class ChecksumMismatchException extends PretrainedException {
  private final URI url;
  private final String expected;
  private final String actual;

  ChecksumMismatchException(URI url, String expected, String actual, String expectedFrom) {
    super("SHA-256 of " + url + " is " + actual + " but " + expectedFrom + " says " + expected
        + "; the download was deleted", null);
    this.url = url;
    this.expected = expected;
    this.actual = actual;
  }

  /** The URL the bytes came from. */
  public URI url() {
    return url;
  }

  /** The SHA-256 the file should have had. */
  public String expected() {
    return expected;
  }

  /** The SHA-256 of the bytes received. */
  public String actual() {
    return actual;
  }
}
