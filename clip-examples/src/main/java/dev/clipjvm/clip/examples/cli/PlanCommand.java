package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.cost.MemoryEstimate;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.examples.bench.StepMemory;
import dev.clipjvm.clip.tf.train.StepStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clip plan}: the memory of a training step by mode (plain, recomputation, gradient
 * cache), estimated from shapes ({@link MemoryEstimate}) and measured in a child process
 * ({@link StepMemory}).
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
        "Plan the memory of a training step: for a model and a batch size, the estimate from "
            + "shapes (parameters, gradients, AdamW state, inputs, activations kept for the "
            + "backward pass, the loss's matrices) and, unless --estimate-only, the peak "
            + "resident memory and pairs/s measured over a few training steps of random data "
            + "in a child process, for the plain step, recomputation and the gradient cache.",
        "The estimate leaves out the JVM and TensorFlow themselves; the measurement reports "
            + "them as the resident size before the first step (docs/memory.md compares the "
            + "two)."})
public final class PlanCommand implements Callable<Integer> {
  private static final double MIB = 1 << 20;
  private static final List<String> MODES = List.of("plain", "recompute", "cache");

  @Parameters(paramLabel = "MODEL", description = "demo (the model of clip demo), a preset "
      + "(ViT-B/32, RN50, ...) or a JSON model config file.")
  String model;

  @Option(names = "--batch-size", required = true, paramLabel = "B",
      description = "Pairs per optimizer step.")
  int batchSize;

  @Option(names = "--micro-batch-size", paramLabel = "M", defaultValue = "256",
      description = "Pairs per encoder pass in the gradient-cache mode; must divide the batch "
          + "size (default ${DEFAULT-VALUE}; the mode is left out when the batch is not larger).")
  int microBatchSize;

  @Option(names = "--modes", split = ",", paramLabel = "MODE",
      description = "Modes to plan, comma-separated: plain, recompute, cache (default: all).")
  List<String> modes = new ArrayList<>(MODES);

  @Option(names = "--estimate-only", description = "Print the estimate; run no training step.")
  boolean estimateOnly;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "2",
      description = "Training steps per measurement; the last is timed (default "
          + "${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--json", description = "Print one JSON object on one line: the model, the "
      + "batch size and, per mode, the estimate's parts and total in MiB and the measurement "
      + "(step_over_estimate: the peak minus the resident size before the first step, over the "
      + "estimate without parameters and AdamW moments, which exist before the first step).")
  boolean json;

  /** One mode: pairs per encoder pass and recomputation. */
  private record Mode(String name, int microBatch, boolean recompute) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    ClipConfig config = model.equals("demo") ? StepMemory.model("demo")
        : ModelArguments.resolve(model);
    if (batchSize < 1 || microBatchSize < 1 || steps < 1) {
      throw new UsageException("--batch-size, --micro-batch-size and --steps must be positive, "
          + "got " + batchSize + ", " + microBatchSize + " and " + steps);
    }
    Set<String> unknown = new LinkedHashSet<>(modes);
    unknown.removeAll(MODES);
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown mode(s) " + unknown + "; modes: " + MODES);
    }
    List<Mode> planned = new ArrayList<>();
    for (String m : new LinkedHashSet<>(modes)) {
      switch (m) {
        case "plain" -> planned.add(new Mode(m, batchSize, false));
        case "recompute" -> planned.add(new Mode(m, batchSize, true));
        default -> {
          if (microBatchSize < batchSize) {
            if (batchSize % microBatchSize != 0) {
              throw new UsageException("--micro-batch-size " + microBatchSize
                  + " must divide --batch-size " + batchSize);
            }
            planned.add(new Mode(m, microBatchSize, false));
          }
        }
      }
    }
    if (planned.isEmpty()) {
      throw new UsageException("the gradient cache needs --micro-batch-size below --batch-size, "
          + "got " + microBatchSize + " and " + batchSize);
    }
    PrintStream out = JsonOutput.human(json);
    ObjectNode all = Json.object().put("model", model).put("batch_size", batchSize);
    ObjectNode byMode = all.putObject("modes");
    out.printf(Locale.ROOT, "%s, batch %d: memory of one float32 training step%n", model,
        batchSize);
    for (Mode m : planned) {
      MemoryEstimate e = MemoryEstimate.of(config, batchSize, m.microBatch(), m.recompute(),
          StepStrategy.GradientCache.DEFAULT_LOSS_BLOCK);
      ObjectNode row = byMode.putObject(m.name()).put("micro_batch_size", m.microBatch());
      ObjectNode est = row.putObject("estimate_mib");
      est.put("parameters", mib(e.parameters())).put("gradients", mib(e.gradients()))
          .put("optimizer", mib(e.optimizer())).put("inputs", mib(e.inputs()))
          .put("activations", mib(e.activations())).put("backward", mib(e.backward()))
          .put("loss", mib(e.loss())).put("total", mib(e.total()));
      out.printf(Locale.ROOT, "%-9s estimate %,10.0f MiB  (parameters %,.0f, gradients %,.0f, "
              + "AdamW %,.0f, inputs %,.0f, activations %,.0f, backward %,.0f, loss %,.0f)%n",
          m.name(), mib(e.total()), mib(e.parameters()), mib(e.gradients()),
          mib(e.optimizer()), mib(e.inputs()), mib(e.activations()), mib(e.backward()),
          mib(e.loss()));
      if (estimateOnly) {
        continue;
      }
      Optional<JsonNode> measured = measure(config, m);
      if (measured.isEmpty()) {
        row.putNull("measured");
        out.printf("%-9s measured: the child process failed (see above)%n", m.name());
        continue;
      }
      JsonNode r = measured.get();
      long peak = r.get("peak_rss_mib").asLong();
      long before = r.get("rss_before_steps_mib").asLong();
      // variables and AdamW's moments exist from initialization, before the first step
      double duringStep = mib(e.total() - e.parameters() - e.optimizer());
      ObjectNode meas = row.putObject("measured");
      meas.put("peak_rss_mib", peak).put("rss_before_steps_mib", before)
          .put("seconds_per_step", r.get("seconds_per_step").asDouble())
          .put("pairs_per_s", r.get("pairs_per_s").asDouble())
          .put("step_over_estimate", round((peak - before) / duringStep));
      out.printf(Locale.ROOT, "%-9s measured peak RSS %,7d MiB (%,d before the first step), "
              + "%.2f s/step, %.1f pairs/s; (peak - before) / (estimate - parameters - AdamW) "
              + "= %.2f%n", m.name(), peak, before, r.get("seconds_per_step").asDouble(),
          r.get("pairs_per_s").asDouble(), (peak - before) / duringStep);
    }
    if (json) {
      JsonOutput.print(all);
    }
    return 0;
  }

  /** Runs {@link StepMemory} in a child JVM with this one's options; empty if it failed. */
  private Optional<JsonNode> measure(ClipConfig config, Mode m)
      throws IOException, InterruptedException {
    Path file = Files.createTempFile("clip-plan-", ".json");
    try {
      Files.writeString(file, ConfigJson.write(config));
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(StepMemory.class.getName());
      cmd.add(file.toString());
      cmd.add(Integer.toString(batchSize));
      cmd.add(Integer.toString(m.microBatch()));
      cmd.add(Boolean.toString(m.recompute()));
      cmd.add(Integer.toString(steps));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        System.err.println("clip plan: the " + m.name() + " measurement exited with code "
            + p.exitValue() + (p.exitValue() == 137 ? " (killed: out of memory?)" : ""));
        return Optional.empty();
      }
      String last = stdout.strip().lines().reduce((a, b) -> b).orElse("");
      try {
        JsonNode result = Json.mapper().readTree(last);
        if (result.has("peak_rss_mib")) {
          return Optional.of(result);
        }
      } catch (JsonProcessingException e) {
        // reported below, as a line without a result
      }
      System.err.println("clip plan: the " + m.name() + " measurement printed no result line");
      return Optional.empty();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static double mib(long bytes) {
    return round(bytes / MIB);
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
