package dev.clipjvm.clip.data.curation;

import dev.clipjvm.clip.data.pipeline.BadRecordCounts;
import dev.clipjvm.clip.data.source.ImageData;
import dev.clipjvm.clip.data.source.RecordSource;
import dev.clipjvm.clip.data.source.RecordStream;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.source.SourceItem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Streams records from a source, keeps the pairs whose caption contains a query (balanced to at
 * most K per query) and writes them to new shards. Memory holds the matcher and two counters per
 * query, never the corpus.
 */
public final class Curator {
  private final QueryMatcher matcher;
  private final int maxPerQuery;

  /** Curates with {@code matcher}'s queries, keeping at most {@code maxPerQuery} per query. */
  public Curator(QueryMatcher matcher, int maxPerQuery) {
    if (maxPerQuery <= 0) {
      throw new IllegalArgumentException("max pairs per query must be positive, got "
          + maxPerQuery);
    }
    this.matcher = matcher;
    this.maxPerQuery = maxPerQuery;
  }

  /** Reads every record of {@code in} once and writes the kept pairs to {@code out}. */
  public CurationReport curate(RecordSource in, ShardWriter out) throws IOException {
    Balancer balancer = new Balancer(matcher.queries().size(), maxPerQuery);
    BadRecordCounts counts = BadRecordCounts.none();
    long pairs = 0;
    long kept = 0;
    try (RecordStream stream = in.open()) {
      while (stream.hasNext()) {
        SourceItem item = stream.next();
        if (item instanceof SourceItem.Bad b) {
          counts = counts.plusBad(b.reason());
          continue;
        }
        if (!(item instanceof SourceItem.Pair p)) {
          throw new IllegalArgumentException("curation needs stored images; " + in.describe()
              + " generates them (write it to shards first)");
        }
        counts = counts.plusGood();
        pairs++;
        if (balancer.offer(matcher.matches(p.caption())) >= 0) {
          write(out, kept++, p);
        }
      }
    }
    return new CurationReport(matcher.queries(), balancer.matched(), balancer.kept(), pairs, kept,
        counts);
  }

  private static void write(ShardWriter out, long index, SourceItem.Pair p) throws IOException {
    byte[] bytes;
    String ext;
    if (p.image() instanceof ImageData.Encoded e) {
      bytes = e.bytes();
      ext = e.extension();
    } else if (p.image() instanceof ImageData.File f) {
      bytes = Files.readAllBytes(f.path());
      String name = f.path().getFileName().toString();
      ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    } else {
      throw new IllegalArgumentException("curation needs stored images; " + p.key()
          + " is generated (write it to shards first)");
    }
    out.write(String.format("%09d", index), ext, bytes, p.caption(), p.metadata());
  }
}
