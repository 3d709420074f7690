package dev.clipjvm.clip.data.source;

import java.io.IOException;

/**
 * A re-openable sequence of records in a fixed order: every {@link #open()} yields the same
 * records in the same order, which is what makes seeded shuffling, sharding and resuming exact.
 */
public interface RecordSource {

  /** Opens a new pass over the records from the first one. */
  RecordStream open() throws IOException;

  /** A short description for messages, e.g. the shard pattern. */
  String describe();
}
