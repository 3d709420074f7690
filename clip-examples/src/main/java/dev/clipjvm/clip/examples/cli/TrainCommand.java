package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.experiment.ExperimentJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip train}: runs an experiment file, from scratch or resuming its run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
        "Train from an experiment file, from scratch or resuming a run directory.",
        "The experiment file has model, data, tokenizer, training, init and evaluation sections "
            + "(examples in clip-examples/configs). With --resume the run continues from the "
            + "last checkpoint in --out exactly as if it had not stopped."})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The experiment JSON file.")
  Path config;

  @Mixin RunOptions run;

  @Override
  public Integer call() {
    return RunPrinter.run(ExperimentJson.read(config), run);
  }
}
