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
import dev.clipjvm.clip.tf.train.StepMetrics;
import dev.clipjvm.clip.tf.train.TrainingListener;
import dev.clipjvm.clip.tf.train.TrainingStoppedException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Runs an experiment for a command and prints its summary (and, with --json, its results). */
final class RunPrinter {

  /** Exit code of a run stopped by Ctrl-C: 128 + SIGINT, as a shell reports it. */
  static final int INTERRUPTED = 130;

  /** Characters a shell word may hold without quotes. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./=:@%+,-]+");

  private RunPrinter() {}

  /**
   * Runs as one process. {@code command} is the command line that started the run without
   * {@code --out} and {@code --resume} ({@code ./clip demo --steps 60}): a run stopped by
   * Ctrl-C prints it with them as the way to continue.
   */
  static int run(Experiment e, RunOptions options, List<String> command) {
    return run(e, options, Optional.empty(), command);
  }

  /**
   * Runs as one worker of {@code cluster} when present: only task 0 draws progress and prints
   * results; the others print one line when done. Ctrl-C stops a single process cleanly after
   * its current step; a cluster's workers end at once (they would not stop at the same step).
   */
  static int run(Experiment e, RunOptions options, Optional<Cluster> cluster,
      List<String> command) {
    return run(e, options, cluster, command, DataParallel.STEP_TIMEOUT_SECONDS);
  }

  /** {@link #run(Experiment, RunOptions, Optional, List)} with a peer timeout for collectives. */
  static int run(Experiment given, RunOptions options, Optional<Cluster> cluster,
      List<String> command, float peerTimeoutSeconds) {
    Experiment e = options.device.given()
        .map(d -> given.withTraining(given.training().withDevice(d))).orElse(given);
    Path dir = options.runDir(e.name());
    System.setProperty("java.awt.headless", "true");
    boolean leads = cluster.map(c -> c.task() == 0).orElse(true);
    TrainingListener progress = leads
        ? new TrainingProgress(options.quiet, e.training().logInterval(), System.err)
        : TrainingListener.NONE;
    try {
      if (cluster.isPresent()) {
        return print(e, options, cluster, ExperimentRunner.run(e,
            new ExperimentRunner.Options(dir, options.resume, progress, cluster,
                peerTimeoutSeconds)));
      }
      String name = "clip " + command.get(1);
      try (Interrupt interrupt = Interrupt.install(name, System.err)) {
        try {
          return print(e, options, cluster, ExperimentRunner.run(e, new ExperimentRunner.Options(
              dir, options.resume, new Stoppable(progress, interrupt), cluster,
              peerTimeoutSeconds)));
        } catch (TrainingStoppedException stopped) {
          String resume = shell(command) + " --out " + shell(List.of(dir.toString()))
              + " --resume";
          System.err.println(name + ": stopped after step " + stopped.step() + "; last "
              + "checkpoint: " + stopped.checkpoint().map(Path::toString).orElse("none (no step "
              + "was trained)") + "; continue with: " + resume);
          return INTERRUPTED;
        }
      }
    } catch (RunFinishedException done) {
      // Exit 0: a script that resumes until the run is done may call once more than needed.
      System.err.println(e.name() + ": " + done.getMessage());
      if (options.json && leads) {
        JsonOutput.print(Json.object().put("name", e.name()).put("steps", done.step())
            .put("already_finished", true).put("run_dir", dir.toString()));
      }
      return 0;
    }
  }

  /** The words of a command line, quoted for a POSIX shell where needed. */
  static String shell(List<String> words) {
    StringBuilder out = new StringBuilder();
    for (String w : words) {
      out.append(out.length() == 0 ? "" : " ").append(PLAIN_WORD.matcher(w).matches() ? w
          : "'" + w.replace("'", "'\\''") + "'");
    }
    return out.toString();
  }

  /** A listener that also stops the loop once Ctrl-C was pressed. */
  private record Stoppable(TrainingListener shown, Interrupt interrupt)
      implements TrainingListener {
    @Override
    public void started(long completed, long total) {
      shown.started(completed, total);
    }

    @Override
    public void stepped(StepMetrics m, long total) {
      shown.stepped(m, total);
    }

    @Override
    public boolean stopRequested() {
      return interrupt.requested();
    }

    @Override
    public void finished() {
      shown.finished();
    }

    @Override
    public List<Path> plots(Path dir, List<StepMetrics> steps,
        Map<String, List<double[]>> evals) {
      return shown.plots(dir, steps, evals);
    }
  }

  private static int print(Experiment e, RunOptions options, Optional<Cluster> cluster,
      RunResult r) {
    if (cluster.map(c -> c.task() != 0).orElse(false)) {
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
