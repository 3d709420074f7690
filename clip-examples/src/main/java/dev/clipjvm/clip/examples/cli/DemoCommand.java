package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.model.Limits;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code clip demo}: trains a small CLIP on the built-in synthetic shapes and reports zero-shot
 * accuracy on shape and colour, for fresh images and for held-out (shape, colour) combinations.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Train a small CLIP on built-in synthetic shapes and report its zero-shot accuracy.",
        "The shapes and their captions are generated (no download). Accuracy is reported for "
            + "shape and colour on held-out images and on (shape, colour) combinations never "
            + "seen in training. The run directory holds a checkpoint, metrics.jsonl, "
            + "TensorBoard events, PNG plots and report.md."})
public final class DemoCommand implements Callable<Integer> {
  /** Default optimizer steps of the demo. */
  static final long DEFAULT_STEPS = 2500;

  @Option(names = "--steps", paramLabel = "N",
      description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
  long steps = DEFAULT_STEPS;

  @Mixin RunOptions run;

  @Override
  public Integer call() {
    if (steps < 1 || steps > Limits.MAX_STEPS) {
      throw new UsageException("--steps must be 1.." + Limits.MAX_STEPS + ", got " + steps);
    }
    return RunPrinter.run(ExperimentPresets.demo(steps), run,
        List.of("./clip", "demo", "--steps", Long.toString(steps)));
  }
}
