package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.curation.BruteForceCounts;
import dev.clipjvm.clip.data.curation.CurationReport;
import dev.clipjvm.clip.data.curation.Curator;
import dev.clipjvm.clip.data.curation.QueryMatcher;
import dev.clipjvm.clip.data.source.RecordStream;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.source.SourceItem;
import dev.clipjvm.clip.data.source.TarShardSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip data curate}: WIT-style query filtering and balancing into new shards. */
@Command(
    name = "curate",
    mixinStandardHelpOptions = true,
    description = {"Keep the pairs whose caption contains a query (whole words, any case; "
        + "one query per line, multi-word allowed), at most K per query, streaming in constant "
        + "memory. Writes DIR/curated-NNNNN.tar and DIR/query_counts.tsv (query, matched, kept)."})
public final class DataCurateCommand implements Callable<Integer> {

  @Option(names = "--queries", required = true, paramLabel = "FILE",
      description = "Query list, one per line (blank lines and lines starting with # ignored).")
  Path queries;

  @Option(names = "--max-per-query", required = true, paramLabel = "K",
      description = "Keep at most K pairs per query.")
  int maxPerQuery;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "SHARDS",
      description = "Input tar shards: paths or brace patterns (data/shard-{00000..00099}.tar).")
  List<String> in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--per-shard", paramLabel = "N", defaultValue = "10000",
      description = "Samples per output shard (default ${DEFAULT-VALUE}).")
  int perShard;

  @Option(names = "--check", description = "Recount by brute force (every query against every "
      + "caption, a second pass) and fail unless the per-query counts are equal.")
  boolean check;

  @Option(names = "--json", description = "Print one JSON object on one line: pairs, kept, "
      + "queries, queries_with_pairs, bad, seconds (and check when --check); the summary for a "
      + "person goes to standard error.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    List<String> list;
    TarShardSource source;
    QueryMatcher matcher;
    list = Files.readAllLines(queries, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    if (list.isEmpty()) {
      throw new UsageException(queries + " holds no queries");
    }
    if (maxPerQuery < 1 || perShard < 1) {
      throw new UsageException("--max-per-query and --per-shard must be at least 1, got "
          + maxPerQuery + " and " + perShard);
    }
    source = DataCommand.shards(in);
    try {
      matcher = new QueryMatcher(list);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // a query the matcher cannot use
    }
    PrintStream human = JsonOutput.human(json);
    long t0 = System.nanoTime();
    CurationReport report;
    try (ShardWriter writer = new ShardWriter(out, "curated", perShard)) {
      report = new Curator(matcher, maxPerQuery).curate(source, writer);
    }
    report.writeTsv(out.resolve("query_counts.tsv"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    human.printf("curate: %d pairs read, %d kept for %d of %d queries (K=%d), %d bad; "
            + "%.1f s; counts in %s%n", report.pairs(), report.keptTotal(),
        report.queriesWithPairs(), list.size(), maxPerQuery, report.records().badTotal(), seconds,
        out.resolve("query_counts.tsv"));
    Boolean equal = null;
    if (check) {
      long c0 = System.nanoTime();
      BruteForceCounts brute = new BruteForceCounts(list, maxPerQuery);
      try (RecordStream s = source.open()) {
        s.forEachRemaining(i -> {
          if (i instanceof SourceItem.Pair p) {
            brute.add(p.caption());
          }
        });
      }
      equal = Arrays.equals(brute.matched(), report.matched())
          && Arrays.equals(brute.kept(), report.kept());
      human.printf("check: brute-force per-query counts %s (%.1f s)%n",
          equal ? "are equal" : "DIFFER", (System.nanoTime() - c0) / 1e9);
    }
    if (json) {
      ObjectNode o = Json.object();
      o.put("pairs", report.pairs()).put("kept", report.keptTotal()).put("queries", list.size())
          .put("queries_with_pairs", report.queriesWithPairs()).put("max_per_query", maxPerQuery)
          .put("seconds", Math.round(seconds * 100) / 100.0);
      ObjectNode bad = o.putObject("bad");
      report.records().byKey().forEach(bad::put);
      if (equal != null) {
        o.put("check", equal);
      }
      JsonOutput.print(o);
    }
    return equal == null || equal ? 0 : 1;
  }
}
