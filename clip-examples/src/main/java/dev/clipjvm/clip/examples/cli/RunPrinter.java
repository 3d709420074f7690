package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.examples.render.TrainingProgress;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.experiment.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Runs an experiment for a command and prints its summary (and, with --json, its results). */
final class RunPrinter {

  private RunPrinter() {}

  static int run(Experiment e, RunOptions options) {
    Path dir = options.runDir(e.name());
    System.setProperty("java.awt.headless", "true");
    TrainingProgress progress =
        new TrainingProgress(options.quiet, e.training().logInterval(), System.err);
    RunResult r = ExperimentRunner.run(e,
        new ExperimentRunner.Options(dir, options.resume, progress));
    PrintStream out = JsonOutput.human(options.json);
    out.printf(Locale.ROOT, "%s: %d steps, final loss %.4f, %.1f pairs/s, %.1f s%n",
        e.name(), r.steps(), r.finalLoss(), r.pairsPerSecond(), r.seconds());
    for (Map.Entry<String, Double> t : r.zeroShot().entrySet()) {
      out.printf(Locale.ROOT, "  zero-shot %-24s top-1 %5.1f%%%n", t.getKey(),
          100 * t.getValue());
    }
    out.println("  run directory: " + r.runDir() + " (report.md, metrics.jsonl, "
        + "tensorboard/, plots/, checkpoints/)");
    if (options.json) {
      ObjectNode o = Json.object().put("name", e.name()).put("steps", r.steps())
          .put("final_loss", r.finalLoss());
      ObjectNode z = o.putObject("zero_shot");
      r.zeroShot().forEach(z::put);
      o.put("pairs_per_second", r.pairsPerSecond()).put("seconds", r.seconds())
          .put("train_seconds", r.trainSeconds()).put("run_dir", r.runDir().toString());
      JsonOutput.print(o);
    }
    return 0;
  }
}
