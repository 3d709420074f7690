package dev.clipjvm.clip.data.pretrained;

/** What a downloaded file's SHA-256 is checked against. */
public sealed interface ExpectedHash {

  /** A hash published with the file (OpenAI puts it in the URL path); every read checks it. */
  record Published(String sha256) implements ExpectedHash {
    /** Lower-cases and validates the hash (64 hexadecimal digits). */
    public Published {
      sha256 = Sha256.checked(sha256);
    }
  }

  /**
   * No hash known in advance (Hugging Face hub files). A download is checked against the hash the
   * server states in its {@code X-Linked-ETag} header (or an {@code ETag} that is 64 hexadecimal
   * digits); without one, the hash of the first complete download is recorded in the cache
   * metadata. Either way the recorded hash is what later reads of the cached file are checked
   * against.
   */
  record FromServer() implements ExpectedHash {}
}
