package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.BracePattern;
import java.nio.file.Path;
import java.util.List;

/**
 * WebDataset tar shards read with commons-compress, in the order of the expanded shard list.
 * Samples are consecutive entries sharing a key ({@code KEY.jpg|png|webp} + {@code KEY.txt},
 * optional {@code KEY.json}, optional {@code KEY.cls} label id). Links, devices and names
 * escaping the archive are rejected; an unreadable or truncated shard yields one
 * {@link BadReason#UNREADABLE_FILE} record and reading continues with the next shard.
 */
public final class TarShardSource implements RecordSource {
  /** Entries larger than this are skipped as oversized without being read (64 MiB). */
  public static final long DEFAULT_MAX_ENTRY_BYTES = 64L << 20;

  private final List<Path> shards;
  private final long maxEntryBytes;
  private final boolean labelled;

  /** Reads the given shard files in order. */
  public TarShardSource(List<Path> shards, long maxEntryBytes) {
    this(shards, maxEntryBytes, false);
  }

  private TarShardSource(List<Path> shards, long maxEntryBytes, boolean labelled) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("no tar shards given");
    }
    this.shards = List.copyOf(shards);
    this.maxEntryBytes = maxEntryBytes;
    this.labelled = labelled;
  }

  /**
   * Classification shards: every sample needs an image and a {@code KEY.cls} label id (its
   * pair's label); the caption may be missing.
   */
  public static TarShardSource labelled(List<Path> shards) {
    return new TarShardSource(shards, DEFAULT_MAX_ENTRY_BYTES, true);
  }

  /** Expands paths and brace patterns ({@code data/shard-{00000..00099}.tar}). */
  public static TarShardSource of(List<String> patterns) {
    return new TarShardSource(patterns.stream().flatMap(p -> BracePattern.expand(p).stream())
        .map(Path::of).toList(), DEFAULT_MAX_ENTRY_BYTES);
  }

  /** The shard files in reading order. */
  public List<Path> shards() {
    return shards;
  }

  @Override
  public RecordStream open() {
    return new TarShardStream(shards, maxEntryBytes, true, labelled);
  }

  /**
   * The sample groups of all shards, found from the tar entry headers alone: entry bodies are
   * skipped, not read, so counting costs a fraction of a pass. The grouping is the pass's own
   * ({@link TarShardStream}), so unusable samples and unreadable shards count as the records
   * a pass yields for them.
   */
  @Override
  public long count() {
    long n = 0;
    try (TarShardStream s = new TarShardStream(shards, maxEntryBytes, false, labelled)) {
      while (s.hasNext()) {
        s.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public String describe() {
    return shards.size() == 1 ? shards.get(0).toString()
        : shards.size() + " tar shards from " + shards.get(0);
  }
}
