package dev.clipjvm.clip.examples.cli;

import picocli.CommandLine.Option;

/** How a training command reports: shared by {@code clip demo} and {@code clip train}. */
final class RunOutputOptions {

  @Option(names = "--json", description = "print one JSON object of results as the last line")
  boolean json;

  @Option(names = "--quiet", description = "no progress bar; a plain log line now and then")
  boolean quiet;
}
