package dev.clipjvm.clip.data.source;

import java.util.OptionalInt;

/** One record of a source: an (image, caption) pair or a record that cannot be used. */
public sealed interface SourceItem {

  /** The record's key (a WebDataset key, a file path, an index). */
  String key();

  /**
   * An image with its caption.
   *
   * @param key the record's key
   * @param image the undecoded image
   * @param caption the caption text, not blank
   * @param metadata the record's JSON metadata text, or "" when it has none
   * @param label the class index for labelled sources (class folders, IDX)
   */
  record Pair(String key, ImageData image, String caption, String metadata, OptionalInt label)
      implements SourceItem {

    /** A pair without metadata or label. */
    public static Pair of(String key, ImageData image, String caption) {
      return new Pair(key, image, caption, "", OptionalInt.empty());
    }
  }

  /**
   * A record produced on demand by the worker that processes it (rendering synthetic images,
   * expanding IDX rows), so the producer thread stays cheap and skipping costs nothing.
   *
   * @param key the record's key
   * @param load makes the record; it returns a {@link Pair} or a {@link Bad}
   */
  record Deferred(String key, java.util.function.Supplier<SourceItem> load)
      implements SourceItem {}

  /**
   * A record that cannot be used.
   *
   * @param key the record's key
   * @param reason why it is skipped
   * @param detail a human-readable explanation naming the thing at fault
   */
  record Bad(String key, BadReason reason, String detail) implements SourceItem {}
}
