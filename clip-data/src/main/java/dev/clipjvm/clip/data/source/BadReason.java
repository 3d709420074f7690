package dev.clipjvm.clip.data.source;

import java.util.Locale;

/** Why a record was skipped; the pipeline counts skipped records by reason. */
public enum BadReason {
  /** The image bytes do not decode (corrupt or truncated file, unknown format). */
  CORRUPT_IMAGE,
  /** The image has more pixels than the decode stage allows, or its entry is too large. */
  OVERSIZED_IMAGE,
  /** No caption file or an empty caption. */
  MISSING_CAPTION,
  /** A caption that is not valid UTF-8 or contains a NUL character. */
  INVALID_CAPTION,
  /** A caption without an image. */
  MISSING_IMAGE,
  /** A shard, CSV row target or image file could not be read. */
  UNREADABLE_FILE,
  /**
   * A tar entry that escapes the archive (absolute path, {@code ..}) or is a link, device or FIFO;
   * a file to be written into a shard that is a device, FIFO or a symbolic link leaving its folder.
   */
  UNSAFE_ENTRY;

  /** The snake_case name used in metrics and JSON. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
