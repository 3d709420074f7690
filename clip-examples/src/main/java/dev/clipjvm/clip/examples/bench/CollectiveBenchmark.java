package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.tf.distributed.Cluster;
import dev.clipjvm.clip.tf.distributed.Collectives;
import dev.clipjvm.clip.tf.distributed.DataParallel;
import dev.clipjvm.clip.tf.distributed.Worker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The communication of one data-parallel training step alone: the two feature all-gathers
 * ({@code batch / N x embed} floats from each worker) and the gradient all-reduce ({@code
 * parameters} floats), timed over repeated runs on a running cluster. Start one process per
 * task, like training.
 *
 * <p>Usage: {@code CollectiveBenchmark --cluster FILE --task I --batch B --embed D --parameters
 * P [--repeats 20]}; task 0 prints one JSON line (median and minimum milliseconds per step).
 */
public final class CollectiveBenchmark {
  private CollectiveBenchmark() {}

  /** Runs the benchmark for one task. */
  public static void main(String[] args) {
    Path file = null;
    int task = -1;
    int batch = 0;
    int embed = 0;
    int parameters = 0;
    int repeats = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      int v = args[i].equals("--cluster") ? 0 : Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--cluster" -> file = Path.of(args[i + 1]);
        case "--task" -> task = v;
        case "--batch" -> batch = v;
        case "--embed" -> embed = v;
        case "--parameters" -> parameters = v;
        case "--repeats" -> repeats = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (file == null || task < 0 || batch < 1 || embed < 1 || parameters < 1 || repeats < 1) {
      throw new IllegalArgumentException("need --cluster FILE --task I --batch B --embed D "
          + "--parameters P (positive)");
    }
    Cluster cluster = Cluster.read(file, task);
    Collectives c = DataParallel.collectives(cluster);
    int local = batch / cluster.size();
    try (Graph g = new Graph(); Session s = Worker.session(g, cluster)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> features = tf.fill(tf.constant(new int[] {local, embed}),
          tf.constant(1f));
      Operand<TFloat32> grads = tf.fill(tf.constant(new int[] {parameters}), tf.constant(1f));
      Op step = tf.withControlDependencies(java.util.List.of(
          c.allGather(tf, features, 11), c.allGather(tf, features, 12),
          c.allReduceSum(tf, grads, 13))).noOp();
      s.run(step); // group resolution and the first rendezvous
      double[] ms = new double[repeats];
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        s.run(step);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      if (task == 0) {
        System.out.printf(Locale.ROOT, "{\"workers\":%d,\"batch\":%d,\"embed\":%d,"
            + "\"parameters\":%d,\"bytes_per_worker\":%d,\"median_ms\":%.2f,\"min_ms\":%.2f}%n",
            cluster.size(), batch, embed, parameters,
            DataParallel.bytesPerStep(cluster.size(), batch, embed, parameters),
            ms[repeats / 2], ms[0]);
      }
    }
    System.exit(0); // the TensorFlow server cannot be stopped; it would keep the JVM alive
  }
}
