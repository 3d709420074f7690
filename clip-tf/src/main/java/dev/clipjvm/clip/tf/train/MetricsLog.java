package dev.clipjvm.clip.tf.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.io.DiskFullException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Metrics of a run: one JSON object per line in {@code metrics.jsonl} (appended, so a resumed
 * run continues the file), the same scalars as TensorBoard events under {@code tensorboard/},
 * and an in-memory history for the plots at the end.
 */
public final class MetricsLog implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  private final Path file;
  private final BufferedWriter lines;
  private final Path boardDir;
  private final TensorBoardLog board;
  private final List<StepMetrics> steps = new ArrayList<>();
  private final Map<String, List<double[]>> evals = new LinkedHashMap<>();

  /**
   * Opens the logs in run directory {@code runDir}; the records already there (a resumed run's,
   * cut back to its checkpoint) start the in-memory history, so plots cover the whole run.
   */
  public MetricsLog(Path runDir) {
    try {
      Files.createDirectories(runDir);
      file = runDir.resolve("metrics.jsonl");
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          try {
            remember(JSON.readTree(line));
          } catch (IOException torn) {
            // A line torn by a killed process holds no record (truncate drops it on resume).
          }
        }
      }
      lines = Files.newBufferedWriter(runDir.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics in " + runDir + ": " + e, e);
    }
    boardDir = runDir.resolve("tensorboard");
    board = new TensorBoardLog(boardDir);
  }

  /**
   * Cuts the logs of run directory {@code runDir} back to {@code step}: the lines of
   * {@code metrics.jsonl} and the TensorBoard events after it go, as does a line torn by a
   * killed process. A resume calls this before it trains the steps after its checkpoint again.
   */
  public static void truncate(Path runDir, long step) {
    Path file = runDir.resolve("metrics.jsonl");
    try {
      if (Files.isRegularFile(file)) {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          JsonNode o;
          try {
            o = JSON.readTree(line);
          } catch (IOException torn) {
            continue;
          }
          if (o != null && o.path("step").canConvertToLong() && o.path("step").asLong() <= step) {
            kept.add(line);
          }
        }
        Path temp = runDir.resolve("metrics.jsonl.tmp-" + System.nanoTime());
        Files.write(temp, kept, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cut " + file + " back to step " + step + ": " + e, e);
    }
    EventFiles.truncate(runDir.resolve("tensorboard"), step);
  }

  private void remember(JsonNode o) {
    if (o == null || !o.path("step").canConvertToLong()) {
      return;
    }
    long step = o.path("step").asLong();
    if (o.has("eval")) {
      o.get("eval").fields().forEachRemaining(f -> evals.computeIfAbsent(f.getKey(),
          x -> new ArrayList<>()).add(new double[] {step, f.getValue().asDouble()}));
    } else if (o.has("loss")) {
      steps.add(new StepMetrics(step, o.path("loss").asDouble(), o.path("lr").asDouble(),
          o.path("logit_scale").asDouble(), o.path("grad_norm").asDouble(),
          o.path("pairs_per_s").asDouble(), o.path("data_wait_s").asDouble()));
    }
  }

  /** Records one step. */
  public void step(StepMetrics m) {
    steps.add(m);
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("train/loss", m.loss());
    scalars.put("train/lr", m.lr());
    scalars.put("train/logit_scale", m.logitScale());
    scalars.put("train/grad_norm", m.gradNorm());
    scalars.put("train/pairs_per_s", m.pairsPerSecond());
    scalars.put("train/data_wait_s", m.dataWaitSeconds());
    ObjectNode o = JSON.createObjectNode().put("step", m.step()).put("loss", m.loss())
        .put("lr", m.lr()).put("logit_scale", m.logitScale()).put("grad_norm", m.gradNorm())
        .put("pairs_per_s", m.pairsPerSecond()).put("data_wait_s", m.dataWaitSeconds());
    line(o);
    board(() -> board.write(m.step(), scalars));
  }

  /** Records evaluation results (e.g. {@code zero_shot/shape/top1}) at {@code step}. */
  public void eval(long step, Map<String, Double> results) {
    ObjectNode o = JSON.createObjectNode().put("step", step);
    ObjectNode r = o.putObject("eval");
    results.forEach((k, v) -> {
      r.put(k, v);
      evals.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, v});
    });
    line(o);
    board(() -> board.write(step, results));
    flush();
  }

  /** Steps recorded in this run directory (by this process and the ones it resumed). */
  public List<StepMetrics> steps() {
    return List.copyOf(steps);
  }

  /** Evaluation series recorded in this run directory: name to (step, value) points. */
  public Map<String, List<double[]>> evals() {
    return evals;
  }

  private void line(ObjectNode o) {
    try {
      lines.write(JSON.writeValueAsString(o));
      lines.newLine();
    } catch (IOException e) {
      throw DiskFullException.writing(file, e);
    }
  }

  /** Runs a TensorBoard write; TensorFlow reports a full disk as "resource exhausted". */
  private void board(Runnable write) {
    try {
      write.run();
    } catch (TensorFlowException e) {
      if (DiskFullException.reports(e)) {
        throw DiskFullException.writing(boardDir, e);
      }
      throw e;
    }
  }

  /** Flushes both logs. */
  public void flush() {
    try {
      lines.flush();
    } catch (IOException e) {
      throw DiskFullException.writing(file, e);
    }
    board(board::flush);
  }

  @Override
  public void close() {
    // Everything is closed even when the last write fails (a full disk), then the failure told.
    try (TensorBoardLog b = board; BufferedWriter w = lines) {
      flush();
    } catch (IOException e) {
      throw DiskFullException.writing(file, e);
    }
  }
}
