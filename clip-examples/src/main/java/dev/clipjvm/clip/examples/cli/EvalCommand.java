package dev.clipjvm.clip.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip eval}: the paper's evaluations of a model's features. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate features and models: linear probes, retrieval and robustness.",
    subcommands = {EvalLinearProbeCommand.class, EvalRetrievalCommand.class,
        EvalRobustnessCommand.class})
public final class EvalCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
