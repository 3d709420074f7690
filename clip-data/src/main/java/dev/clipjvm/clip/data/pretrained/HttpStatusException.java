package dev.clipjvm.clip.data.pretrained;

import java.net.URI;

/** The server answered with an HTTP status other than 200, 206 or a redirect. */
public final class HttpStatusException extends PretrainedException {
  private final URI url;
  private final int status;

  HttpStatusException(URI url, int status) {
    super("GET " + url + " answered HTTP " + status + describe(status), null);
    this.url = url;
    this.status = status;
  }

  private static String describe(int status) {
    return switch (status) {
      case 401, 403 -> " (access denied: the file is private or gated)";
      case 404 -> " (not found: check the name, or the mirror given as base URL)";
      case 429 -> " (too many requests: try again later)";
      default -> status >= 500 ? " (server error: try again later)" : "";
    };
  }

  /** The URL asked for (the first one, before redirects). */
  public URI url() {
    return url;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }
}
