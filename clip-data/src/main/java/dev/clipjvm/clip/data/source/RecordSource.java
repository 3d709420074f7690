package dev.clipjvm.clip.data.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A re-openable sequence of records in a fixed order: every {@link #open()} yields the same
 * records in the same order, which is what makes seeded shuffling, sharding and resuming exact.
 */
public interface RecordSource {

  /** Opens a new pass over the records from the first one. */
  RecordStream open() throws IOException;

  /**
   * The records in one pass, unusable ones included (they are skipped and counted when
   * decoded), found without decoding any image: a generator's sample count, the rows of a CSV
   * file, the files of a folder, the sample groups of tar shards (read from the entry headers,
   * skipping the entry bodies).
   */
  long count() throws IOException;

  /**
   * The captions of the first {@code count} usable records of a pass (fewer if the pass is
   * shorter), for learning a vocabulary; no image is decoded.
   */
  default List<String> captions(int count) throws IOException {
    List<String> out = new ArrayList<>(count);
    try (RecordStream s = open()) {
      while (out.size() < count && s.hasNext()) {
        SourceItem item = s.next();
        if (item instanceof SourceItem.Deferred d) {
          item = d.load().get();
        }
        if (item instanceof SourceItem.Pair p) {
          out.add(p.caption());
        }
      }
    }
    return out;
  }

  /** A short description for messages, e.g. the shard pattern. */
  String describe();
}
