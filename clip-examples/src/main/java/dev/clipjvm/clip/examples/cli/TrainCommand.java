package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip train}: runs an experiment file, from scratch or resuming its run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train from an experiment file (model, data, tokenizer, training, init,",
        "evaluation). --resume continues the run directory's last checkpoint exactly."})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "experiment JSON file")
  Path config;

  @Option(names = "--out", description = "run directory (default: runs/<name>-<time>)")
  Path out;

  @Option(names = "--resume", description = "continue from the last checkpoint in --out")
  boolean resume;

  @Mixin RunOutputOptions output;

  @Override
  public Integer call() {
    Experiment e = ExperimentJson.read(config);
    if (resume && out == null) {
      System.err.println("clip train: --resume needs --out naming the run directory");
      return 2;
    }
    return RunPrinter.run(
        e, RunPrinter.outDir(out, e.name()), resume, output.quiet, output.json);
  }
}
