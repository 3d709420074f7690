package dev.clipjvm.clip.data.pretrained;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * The SHA-256 a server states for a file. The Hugging Face hub sends {@code X-Linked-ETag} (and
 * an {@code ETag} equal to the SHA-256 for LFS files) on its redirect to the CDN, so every
 * response of the redirect chain is searched.
 */
final class StatedHeaders {
  private StatedHeaders() {}

  /** The stated hash: {@code X-Linked-ETag} first, then an {@code ETag} of 64 hex digits. */
  static Optional<HttpTransfer.StatedHash> of(HttpResponse<?> last) {
    Optional<HttpTransfer.StatedHash> linked =
        find(last, "X-Linked-ETag", HashSource.X_LINKED_ETAG);
    return linked.isPresent() ? linked : find(last, "ETag", HashSource.ETAG);
  }

  private static Optional<HttpTransfer.StatedHash> find(
      HttpResponse<?> last, String header, HashSource source) {
    for (Optional<? extends HttpResponse<?>> r = Optional.of(last); r.isPresent();
        r = r.get().previousResponse()) {
      Optional<String> value = r.get().headers().firstValue(header).map(StatedHeaders::unquote)
          .filter(Sha256::isHex);
      if (value.isPresent()) {
        return Optional.of(
            new HttpTransfer.StatedHash(value.get().toLowerCase(Locale.ROOT), source));
      }
    }
    return Optional.empty();
  }

  /** An entity tag without its weak marker and quotes: {@code W/"abc"} -> {@code abc}. */
  static String unquote(String tag) {
    String t = tag.trim();
    if (t.startsWith("W/")) {
      t = t.substring(2);
    }
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      t = t.substring(1, t.length() - 1);
    }
    return t;
  }
}
