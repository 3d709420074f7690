package dev.clipjvm.clip.data.pretrained;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a cached file's recorded SHA-256 was checked against when it was downloaded. */
enum HashSource {
  /** The hash published with the file (the registry's table). */
  PUBLISHED("the published hash"),
  /** The server's {@code X-Linked-ETag} header (Hugging Face's SHA-256 of LFS files). */
  X_LINKED_ETAG("the server's X-Linked-ETag header"),
  /** The server's {@code ETag} header, 64 hexadecimal digits. */
  ETAG("the server's ETag header"),
  /** Nothing: the first download's hash was recorded and later reads are checked against it. */
  FIRST_DOWNLOAD("the hash recorded at the first download");

  private final String description;

  HashSource(String description) {
    this.description = description;
  }

  /** Words for error messages: "... but {description} says ...". */
  String description() {
    return description;
  }

  /** The key written to the cache metadata ({@code x-linked-etag}). */
  String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The source written as {@code key}, if it is one. */
  static Optional<HashSource> ofKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
  }
}
