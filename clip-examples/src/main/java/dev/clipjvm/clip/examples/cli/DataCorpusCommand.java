package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.curation.CaptionCorpus;
import dev.clipjvm.clip.data.source.ShardWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip data corpus}: a reproducible synthetic caption corpus and query list. */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = "Write a synthetic caption corpus (pseudo-word captions, a tiny PNG each) as "
        + "shards DIR/corpus-NNNNN.tar and a query list DIR/queries.txt, for curation at scale.")
public final class DataCorpusCommand implements Callable<Integer> {

  @Option(names = "--captions", defaultValue = "100000", description = "Captions to write "
      + "(default ${DEFAULT-VALUE}).")
  long captions;

  @Option(names = "--queries", defaultValue = "10000", description = "Queries to write "
      + "(default ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--vocabulary", defaultValue = "20000", description = "Distinct words "
      + "(default ${DEFAULT-VALUE}).")
  int vocabulary;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--per-shard", paramLabel = "N", defaultValue = "10000",
      description = "Captions per shard "
      + "(default ${DEFAULT-VALUE}).")
  int perShard;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on one line: captions, "
      + "queries, shards and the query file.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    List<String> list;
    ShardWriter writer;
    CaptionCorpus corpus;
    try {
      corpus = new CaptionCorpus(vocabulary, seed);
      list = corpus.queries(queries);
      writer = new ShardWriter(out, "corpus", perShard);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // more queries than the vocabulary allows, sizes below 1
    }
    try (writer) {
      corpus.write(writer, captions);
    }
    Files.write(out.resolve("queries.txt"), list, StandardCharsets.UTF_8);
    JsonOutput.human(json).printf("corpus: %d captions in %s, %d queries in %s%n", writer.samples(),
        writer.pattern(), list.size(), out.resolve("queries.txt"));
    if (json) {
      JsonOutput.print(Json.object().put("captions", writer.samples()).put("queries", list.size())
          .put("shards", writer.pattern()).put("query_file", out.resolve("queries.txt")
              .toString()));
    }
    return 0;
  }
}
