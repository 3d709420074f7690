package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.examples.render.TrainingProgress;
import dev.clipjvm.clip.tf.distributed.Cluster;
import dev.clipjvm.clip.tf.distributed.DataParallel;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.experiment.RunFinishedException;
import dev.clipjvm.clip.tf.experiment.RunResult;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Runs an experiment for a command and prints its summary (and, with --json, its results). */
final class RunPrinter {

  private RunPrinter() {}

  static int run(Experiment e, RunOptions options) {
    return run(e, options, Optional.empty());
  }

  /**
   * Runs as one worker of {@code cluster} when present: only task 0 draws progress and prints
   * results; the others print one line when done.
   */
  static int run(Experiment e, RunOptions options, Optional<Cluster> cluster) {
    return run(e, options, cluster, DataParallel.STEP_TIMEOUT_SECONDS);
  }

  /** {@link #run(Experiment, RunOptions, Optional)} with a peer timeout for the collectives. */
  static int run(Experiment given, RunOptions options, Optional<Cluster> cluster,
      float peerTimeoutSeconds) {
    Experiment e = options.device.given()
        .map(d -> given.withTraining(given.training().withDevice(d))).orElse(given);
    Path dir = options.runDir(e.name());
    System.setProperty("java.awt.headless", "true");
    boolean leads = cluster.map(c -> c.task() == 0).orElse(true);
    TrainingListener progress = leads
        ? new TrainingProgress(options.quiet, e.training().logInterval(), System.err)
        : TrainingListener.NONE;
    RunResult r;
    try {
      r = ExperimentRunner.run(e,
          new ExperimentRunner.Options(dir, options.resume, progress, cluster,
              peerTimeoutSeconds));
    } catch (RunFinishedException done) {
      // Exit 0: a script that resumes until the run is done may call once more than needed.
      System.err.println(e.name() + ": " + done.getMessage());
      if (options.json && leads) {
        JsonOutput.print(Json.object().put("name", e.name()).put("steps", done.step())
            .put("already_finished", true).put("run_dir", dir.toString()));
      }
      return 0;
    }
    if (!leads) {
      System.err.printf(Locale.ROOT, "task %d: %d steps done, %.1f pairs/s (global)%n",
          cluster.get().task(), r.steps(), r.pairsPerSecond());
      return 0;
    }
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
