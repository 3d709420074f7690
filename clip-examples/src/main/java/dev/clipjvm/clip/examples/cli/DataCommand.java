package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.source.TarShardSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip data}: dataset tools (curation, statistics, shard writing, loader benchmark). */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Dataset tools: curate WIT-style, inspect shards, convert CSV/folders to "
        + "WebDataset shards, generate a caption corpus, benchmark the loader.",
    subcommands = {DataCurateCommand.class, DataStatsCommand.class, DataWriteShardsCommand.class,
        DataCorpusCommand.class, DataBenchCommand.class})
public final class DataCommand implements Runnable {
  static final ObjectMapper JSON = Json.mapper();

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Tar shards from paths and brace patterns; every file must exist. */
  static TarShardSource shards(List<String> patterns) {
    TarShardSource source = TarShardSource.of(patterns);
    for (Path p : source.shards()) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("shard " + p + " does not exist");
      }
    }
    return source;
  }

  /** Prints {@code node} as one line of JSON. */
  static void printJson(ObjectNode node) {
    try {
      System.out.println(JSON.writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints {@code clip data NAME: message} to stderr and returns exit code 2. */
  static int fail(String name, Exception e) {
    System.err.println("clip data " + name + ": " + e.getMessage());
    return 2;
  }
}
