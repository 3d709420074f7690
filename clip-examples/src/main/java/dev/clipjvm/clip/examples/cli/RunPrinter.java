package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.experiment.RunResult;
import dev.clipjvm.clip.tf.train.NonFiniteLossException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Runs an experiment for a command and prints its summary (and JSON line). */
final class RunPrinter {
  private static final ObjectMapper JSON = Json.mapper();

  private RunPrinter() {}

  static Path outDir(Path out, String name) {
    return out != null ? out : Path.of("runs", name + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  static int run(Experiment e, Path dir, boolean resume, boolean quiet, boolean json) {
    System.setProperty("java.awt.headless", "true");
    RunResult r;
    try {
      r = ExperimentRunner.run(e, new ExperimentRunner.Options(dir, resume, quiet));
    } catch (NonFiniteLossException ex) {
      System.err.println("clip: " + ex.getMessage());
      return 3;
    }
    System.out.printf(Locale.ROOT, "%s: %d steps, final loss %.4f, %.1f pairs/s, %.1f s%n",
        e.name(), r.steps(), r.finalLoss(), r.pairsPerSecond(), r.seconds());
    for (Map.Entry<String, Double> t : r.zeroShot().entrySet()) {
      System.out.printf(Locale.ROOT, "  zero-shot %-24s top-1 %5.1f%%%n", t.getKey(),
          100 * t.getValue());
    }
    System.out.println("  run directory: " + r.runDir() + " (report.md, metrics.jsonl, "
        + "tensorboard/, plots/, checkpoints/)");
    if (json) {
      ObjectNode o = JSON.createObjectNode().put("name", e.name()).put("steps", r.steps())
          .put("final_loss", r.finalLoss());
      ObjectNode z = o.putObject("zero_shot");
      r.zeroShot().forEach(z::put);
      o.put("pairs_per_second", r.pairsPerSecond()).put("seconds", r.seconds())
          .put("train_seconds", r.trainSeconds()).put("run_dir", r.runDir().toString());
      try {
        System.out.println(JSON.writeValueAsString(o));
      } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return 0;
  }
}
