package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code clip demo}: trains a small CLIP on the built-in synthetic shapes and reports zero-shot
 * accuracy on shape and colour, for fresh images and for held-out (shape, colour) combinations.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Train a small CLIP on built-in synthetic captioned shapes (no download), then",
        "report zero-shot shape and colour accuracy on held-out images and on (shape, colour)",
        "combinations never seen in training. Writes a run directory with a checkpoint,",
        "metrics.jsonl, TensorBoard events, PNG plots and report.md."})
public final class DemoCommand implements Callable<Integer> {
  /** Default optimizer steps of the demo. */
  static final long DEFAULT_STEPS = 2500;

  @Option(names = "--steps", description = "optimizer steps (default: ${DEFAULT-VALUE})")
  long steps = DEFAULT_STEPS;

  @Option(names = "--out", description = "run directory (default: runs/demo-<time>)")
  Path out;

  @Mixin RunOutputOptions output;

  @Override
  public Integer call() {
    Experiment e = ExperimentPresets.demo(steps);
    return RunPrinter.run(e, RunPrinter.outDir(out, "demo"), false, output.quiet, output.json);
  }
}
