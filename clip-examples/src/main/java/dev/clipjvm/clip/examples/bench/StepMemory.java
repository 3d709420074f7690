package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.train.BatchTensors;
import dev.clipjvm.clip.tf.train.ClipTowers;
import dev.clipjvm.clip.tf.train.StepStrategy;
import dev.clipjvm.clip.tf.train.TrainGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Peak resident memory of training steps (random weights and data, float32) at one batch size,
 * measured in this process: {@code VmHWM} from {@code /proc/self/status} after the steps. Run
 * one process per measurement (the high-water mark never falls); {@code clip plan} starts it as
 * its child, {@code docs/bench/step-memory.sh} in a loop, e.g.
 * {@code CLIP_MAIN=dev.clipjvm.clip.examples.bench.StepMemory ./clip demo 4096 256 false}.
 * Prints one JSON line: the model argument, batch size, micro-batch size (equal to the batch: plain step),
 * recomputation, peak RSS in MiB, RSS before the first step, seconds of the last step and
 * pairs/s of the last step (the first step also optimizes the graph).
 */
public final class StepMemory {
  /** Steps when none are given: the first warms up, the last is timed. */
  public static final int DEFAULT_STEPS = 3;

  private StepMemory() {}

  /**
   * Arguments: the model ({@code demo} for the demo experiment's model, a preset name or a JSON
   * model config file), batch size, micro-batch size (the batch size: plain steps), whether
   * blocks are recomputed, and optionally the number of steps.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 4 && args.length != 5) {
      System.err.println("usage: StepMemory <demo|preset|model.json> <batch_size> "
          + "<micro_batch_size> <recompute: true|false> [steps]");
      System.exit(2);
    }
    ClipConfig model = model(args[0]);
    int batch = Integer.parseInt(args[1]);
    int micro = Integer.parseInt(args[2]);
    boolean recompute = Boolean.parseBoolean(args[3]);
    int steps = args.length == 5 ? Integer.parseInt(args[4]) : DEFAULT_STEPS;
    TrainingConfig training = ExperimentPresets.demo(10).training().withBatchSize(batch)
        .withMicroBatchSize(micro).withRecompute(recompute);
    int size = model.vision().imageSize();
    int context = model.text().contextLength();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ClipTowers[] towers = new ClipTowers[1];
      TrainGraph tg = TrainGraph.build(g, tf -> towers[0] = new ClipTowers(g, model,
              training.precision(), recompute), model.maxLogitScale(), training.optimizer(),
          training.gradClipNorm(), FrozenTower.NONE, StepStrategy.of(training));
      s.initialize();
      towers[0].variables().initialize(s, new RandomInit(0));
      Random r = new Random(1);
      byte[] px = new byte[Math.multiplyExact(batch, size * size * 3)];
      r.nextBytes(px);
      int vocab = model.text().vocabSize();
      int[] tokens = new int[batch * context];
      for (int i = 0; i < batch; i++) {
        int len = 8 + r.nextInt(Math.max(1, context - 9));
        for (int j = 0; j < len; j++) {
          tokens[i * context + j] = r.nextInt(vocab - 1);
        }
        tokens[i * context + len] = vocab - 1;
      }
      Batch data = Batch.of(size, px, context, tokens);
      long before = kib("VmRSS");
      double seconds = 0;
      try (TUint8 images = BatchTensors.images(data);
          TInt32 ids = BatchTensors.tokens(data, vocab - 1)) {
        for (int step = 1; step <= steps; step++) {
          long t0 = System.nanoTime();
          tg.run(s, images, ids, 1e-4, step);
          seconds = (System.nanoTime() - t0) / 1e9;
        }
      }
      System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"batch_size\":%d,"
          + "\"micro_batch_size\":%d,\"recompute\":%b,\"peak_rss_mib\":%d,"
          + "\"rss_before_steps_mib\":%d,\"seconds_per_step\":%.2f,\"pairs_per_s\":%.1f}%n",
          args[0].replace("\\", "\\\\").replace("\"", "\\\""), batch, micro, recompute,
          kib("VmHWM") / 1024, before / 1024, seconds, batch / seconds);
    }
  }

  /** {@code demo}: the demo experiment's model; else a preset name or a JSON model file. */
  public static ClipConfig model(String name) {
    if (name.equals("demo")) {
      return ExperimentPresets.demo(10).model();
    }
    Path file = Path.of(name);
    return name.endsWith(".json") || Files.isRegularFile(file) ? ConfigJson.readModel(file)
        : ModelPresets.get(name);
  }

  /** A {@code kB} field of {@code /proc/self/status}. */
  private static long kib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    throw new IOException("/proc/self/status has no " + field);
  }
}
