package dev.clipjvm.clip.examples.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where and how a training command runs: shared by {@code clip demo} and {@code clip train}. */
final class RunOptions {

  @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default: "
      + "runs/<experiment name>-<date>-<time>).")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint "
      + "exactly (same experiment, same data order).")
  boolean resume;

  @Option(names = "--json", description = "Print one JSON object of results on standard output; "
      + "the summary for a person goes to standard error.")
  boolean json;

  @Option(names = "--quiet", description = "Print a plain log line every training.log_interval "
      + "steps instead of a progress bar.")
  boolean quiet;

  @Mixin DeviceOption device;

  /** The run directory: {@code --out}, or a new one named after the experiment and the time. */
  Path runDir(String name) {
    if (resume && out == null) {
      throw new UsageException("--resume needs --out naming the run directory to continue");
    }
    return out != null ? out : Path.of("runs", name + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
