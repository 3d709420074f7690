package dev.clipjvm.clip.examples.cli;

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
    description = "Dataset tools: curate WIT-style, inspect shards, convert CSV files and "
        + "folders to WebDataset shards, generate a caption corpus and benchmark the loader.",
    subcommands = {DataCurateCommand.class, DataStatsCommand.class, DataWriteShardsCommand.class,
        DataCorpusCommand.class, DataBenchCommand.class})
public final class DataCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Tar shards from paths and brace patterns; every file must exist. */
  static TarShardSource shards(List<String> patterns) {
    TarShardSource source;
    try {
      source = TarShardSource.of(patterns);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // a malformed brace pattern
    }
    for (Path p : source.shards()) {
      if (!Files.isRegularFile(p)) {
        throw new UsageException("shard " + p + " does not exist");
      }
    }
    return source;
  }
}
