package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.distributed.Cluster;
import dev.clipjvm.clip.tf.distributed.Collectives;
import dev.clipjvm.clip.tf.distributed.DataParallel;
import dev.clipjvm.clip.tf.distributed.GlobalBatchStatistics;
import dev.clipjvm.clip.tf.distributed.Worker;
import dev.clipjvm.clip.tf.params.RandomInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One worker of the data-parallel BatchNorm test: trains a tiny ModifiedResNet for {@link
 * #STEPS} steps on its share of global batches of {@link #BATCH} images, writes, before each
 * step, the per-channel sums, sums of squares and counts of the activations three BatchNorm
 * layers normalize, and at the end every BatchNorm running statistic. Arguments: first port,
 * workers, rank, output file.
 */
public final class ResNetWorkerMain {
  static final int BATCH = 4;
  static final int STEPS = 2;
  /** A stem, a bottleneck and a shortcut BatchNorm, with the convolutions they follow. */
  static final Map<String, String> LAYERS = Map.of(
      "visual.bn1", "visual/conv1",
      "visual.layer2.0.bn2", "visual/layer2/0/conv2",
      "visual.layer3.0.downsample.1", "visual/layer3/0/downsample_0");
  /**
   * A ModifiedResNet smaller than the tiny-rn fixture (and a toy text tower) keeps the first
   * step's graph optimization short.
   */
  static final ClipConfig CONFIG = ClipConfig.of(32,
      new ResNetConfig(List.of(1, 1, 1, 1), 8, 32, 64), new TextConfig(8, 600, 32, 1, 1),
      Activation.QUICK_GELU);
  private static final int[] TOKENS = {1, 20, 599, 0, 1, 30, 599, 0, 1, 40, 50, 599, 1, 7, 599,
      0};

  private ResNetWorkerMain() {}

  /** Runs one worker; exits non-zero with the error on stderr when training fails. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int workers = Integer.parseInt(args[1]);
    int rank = Integer.parseInt(args[2]);
    try {
      Files.writeString(Path.of(args[3]), String.join("\n", train(port, workers, rank)) + "\n");
    } catch (RuntimeException e) {
      System.err.println("worker " + rank + ": " + e);
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0); // the TensorFlow server cannot be stopped; it would keep the JVM alive
  }

  /** Lines "sum|sq|n step layer values..." per step, then "state name values...". */
  static List<String> train(int port, int workers, int rank) {
    int local = BATCH / workers;
    int size = CONFIG.vision().imageSize();
    Cluster cluster = Cluster.loopback(port, workers, rank);
    Collectives c = DataParallel.collectives(cluster);
    List<String> lines = new ArrayList<>();
    try (Graph g = new Graph()) {
      ClipTowers towers = new ClipTowers(g, CONFIG, Precision.FP32, false,
          new GlobalBatchStatistics(c));
      TrainGraph tg = TrainGraph.build(g, tf -> towers, 100,
          new AdamWConfig(1e-3, 0.9, 0.98, 1e-6, 0.2), 0, FrozenTower.NONE, Optional.of(c));
      Op broadcast = DataParallel.broadcast(g, c);
      try (Session s = Worker.session(g, cluster)) {
        s.initialize();
        towers.variables().initialize(s, new RandomInit(5));
        s.run(broadcast);
        for (int step = 1; step <= STEPS; step++) {
          byte[] global = new byte[BATCH * size * size * 3];
          new Random(step).nextBytes(global);
          byte[] px = Arrays.copyOfRange(global, rank * local * size * size * 3,
              (rank + 1) * local * size * size * 3);
          int[] tokens = Arrays.copyOfRange(TOKENS, rank * local * 4, (rank + 1) * local * 4);
          try (TUint8 images = TUint8.tensorOf(Shape.of(local, size, size, 3),
                  DataBuffers.of(px, true, false));
              TInt32 tok = TInt32.tensorOf(Shape.of(local, 4),
                  DataBuffers.of(tokens, true, false))) {
            // One run for all layers: every new fetch signature costs the distributed session
            // a graph registration.
            List<String> layers = new ArrayList<>(LAYERS.keySet());
            Session.Runner act = s.runner().feed(tg.images(), images);
            layers.forEach(l -> act.fetch(g.operation(LAYERS.get(l)).output(0)));
            try (Result res = act.run()) {
              for (int i = 0; i < layers.size(); i++) {
                moments((TFloat32) res.get(i), step, layers.get(i), lines);
              }
            }
            if (!tg.run(s, images, tok, 1e-3, step).finite()) {
              throw new IllegalStateException("step " + step + " is not finite");
            }
          }
        }
        List<String> names = towers.variables().variables().keySet().stream()
            .filter(n -> n.contains(".running_") || n.endsWith(".num_batches_tracked")).toList();
        Session.Runner state = s.runner();
        names.forEach(n -> state.fetch(towers.variables().variables().get(n)));
        try (Result r = state.run()) {
          for (int i = 0; i < names.size(); i++) {
            StringBuilder sb = new StringBuilder("state " + names.get(i));
            ((TFloat32) r.get(i)).scalars().forEach(x -> sb.append(' ').append(x.getFloat()));
            lines.add(sb.toString());
          }
        }
      }
    }
    return lines;
  }

  /** Per-channel sums and sums of squares (double) and the count of values per channel. */
  private static void moments(TFloat32 y, int step, String layer, List<String> lines) {
    int ch = (int) y.shape().get(3);
    int n = (int) (y.size() / ch);
    float[] v = new float[(int) y.size()];
    y.copyTo(DataBuffers.of(v, false, false));
    double[] sum = new double[ch];
    double[] sq = new double[ch];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < ch; k++) {
        double x = v[i * ch + k];
        sum[k] += x;
        sq[k] += x * x;
      }
    }
    lines.add("n " + step + " " + layer + " " + n);
    lines.add("sum " + step + " " + layer + " " + join(sum));
    lines.add("sq " + step + " " + layer + " " + join(sq));
  }

  private static String join(double[] a) {
    StringBuilder sb = new StringBuilder();
    for (double x : a) {
      sb.append(sb.length() == 0 ? "" : " ").append(x);
    }
    return sb.toString();
  }
}
