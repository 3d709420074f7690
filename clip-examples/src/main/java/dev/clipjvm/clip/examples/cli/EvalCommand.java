package dev.clipjvm.clip.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip eval}: the paper's evaluations of a model and its features, on users' data. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a model the ways the paper does, on your own data: zero-shot "
        + "classification with prompt ensembles, linear probes, retrieval and robustness.",
    subcommands = {EvalZeroShotCommand.class, EvalLinearProbeCommand.class,
        EvalRetrievalCommand.class, EvalRobustnessCommand.class})
public final class EvalCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
