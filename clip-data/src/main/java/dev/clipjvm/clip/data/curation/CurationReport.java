package dev.clipjvm.clip.data.curation;

import dev.clipjvm.clip.data.pipeline.BadRecordCounts;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a curation pass.
 *
 * @param queries the queries, in id order
 * @param matched per query, the pairs whose caption contains it
 * @param kept per query, the pairs kept for it (at most K)
 * @param pairs usable pairs read
 * @param keptTotal pairs written
 * @param records records read, with bad ones by reason
 */
public record CurationReport(List<String> queries, long[] matched, long[] kept, long pairs,
    long keptTotal, BadRecordCounts records) {

  /** Writes {@code query<TAB>matched<TAB>kept} lines with a header. */
  public void writeTsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("query\tmatched\tkept\n");
      for (int q = 0; q < queries.size(); q++) {
        w.write(queries.get(q).replace('\t', ' ') + "\t" + matched[q] + "\t" + kept[q] + "\n");
      }
    }
  }

  /** Queries with at least one kept pair. */
  public long queriesWithPairs() {
    return java.util.Arrays.stream(kept).filter(k -> k > 0).count();
  }
}
