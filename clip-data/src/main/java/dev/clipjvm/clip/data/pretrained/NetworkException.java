package dev.clipjvm.clip.data.pretrained;

import java.net.URI;

/**
 * The server could not be reached or the transfer broke off (connection refused, unknown host,
 * timeout, connection closed mid-file). Bytes already received stay in the cache's {@code .part}
 * file and the next download resumes from them.
 */
public final class NetworkException extends PretrainedException {
  private final URI url;

  NetworkException(URI url, String message, Throwable cause) {
    super(message, cause);
    this.url = url;
  }

  /** The URL that was being fetched. */
  public URI url() {
    return url;
  }
}
