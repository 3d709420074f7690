package dev.clipjvm.clip.tf.distributed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Settings and the start-up step of a data-parallel run: the collectives' timeouts and the
 * broadcast of worker 0's weights. Every worker draws the same initial weights from the same
 * seed (or restores the same checkpoint), and the broadcast then makes them bit-identical
 * whatever each worker computed, optimizer moments included.
 */
public final class DataParallel {
  /**
   * The default peer timeout: a training collective fails after this long without its peers,
   * so a dead or hung worker stops the others within it (plus a 2 s probe), under a minute.
   * Task 0's evaluation and checkpoint writing between steps must stay shorter, since the
   * others wait for it at the next step's collective ({@code clip train --peer-timeout}).
   */
  public static final float STEP_TIMEOUT_SECONDS = 45f;
  /** The start-up broadcast waits longer: workers start (JVM, native library, graph) unevenly. */
  public static final float START_TIMEOUT_SECONDS = 300f;

  private DataParallel() {}

  /** The training collectives of {@code cluster}'s task, with the default peer timeout. */
  public static Collectives collectives(Cluster cluster) {
    return collectives(cluster, STEP_TIMEOUT_SECONDS);
  }

  /**
   * The training collectives of {@code cluster}'s task; one waits at most {@code
   * timeoutSeconds} for its peers (positive).
   */
  public static Collectives collectives(Cluster cluster, float timeoutSeconds) {
    return new Collectives(cluster.size(), cluster.task(), timeoutSeconds);
  }

  /**
   * Bytes one worker sends (and receives) per training step with ring collectives, TensorFlow's
   * CPU implementation: two all-gathers of {@code batch x embed} features ({@code (N-1)/N} of
   * them travel) and one all-reduce of the {@code parameters} gradients ({@code 2 (N-1)/N} of
   * them: reduce-scatter then all-gather), float32.
   */
  public static long bytesPerStep(int workers, long batch, long embed, long parameters) {
    double share = (workers - 1) / (double) workers;
    return Math.round(4 * share * (2.0 * batch * embed + 2.0 * parameters));
  }

  /** One line for the log: the run's shape and its communication volume per step. */
  public static String describe(Cluster cluster, int batch, int embed, long parameters) {
    long bytes = bytesPerStep(cluster.size(), batch, embed, parameters);
    return String.format(java.util.Locale.ROOT, "data-parallel: %d workers x %d pairs; per step "
        + "each worker sends and receives about %.3f MB (features %.3f MB, gradients of %,d "
        + "parameters %.3f MB)", cluster.size(), batch / cluster.size(), bytes / 1e6,
        bytesPerStep(cluster.size(), batch, embed, 0) / 1e6, parameters,
        bytesPerStep(cluster.size(), 0, 0, parameters) / 1e6);
  }

  /**
   * The op that copies worker 0's float variables to every worker; build it after every
   * variable exists (the training graph with its optimizer) and run it once after
   * initialization or restore, on every worker.
   */
  public static Op broadcast(Graph graph, Collectives c) {
    return broadcastFromLeader(Ops.create(graph), graph, c.withTimeout(START_TIMEOUT_SECONDS),
        DataParallelLoss.BROADCAST);
  }

  /**
   * An op that overwrites every float variable of {@code graph} with worker 0's value: an
   * all-reduce of the values (rank 0) and zeros (other ranks), exact because {@code x + 0 == x}.
   * Build it after every variable (optimizer moments included) exists.
   *
   * @param instanceKey collective instance key, unused by the graph's other collectives
   */
  static Op broadcastFromLeader(Ops tf, Graph graph, Collectives c, int instanceKey) {
    List<Output<TFloat32>> vars = floatVariables(graph);
    if (vars.isEmpty()) {
      throw new IllegalStateException("broadcast: the graph has no float variables");
    }
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (Output<TFloat32> v : vars) {
      flat.add(tf.reshape(c.rank() == 0 ? v : tf.zerosLike(v), tf.constant(new int[] {-1})));
    }
    Operand<TFloat32> summed = c.allReduceSum(tf, tf.concat(flat, tf.constant(0)), instanceKey);
    List<Op> assigns = new ArrayList<>();
    int offset = 0;
    for (Output<TFloat32> v : vars) {
      int n = (int) v.shape().size();
      Operand<TFloat32> part = tf.reshape(
          tf.slice(summed, tf.constant(new int[] {offset}), tf.constant(new int[] {n})),
          tf.constant(v.shape().asArray()));
      assigns.add(tf.assign(v, part));
      offset += n;
    }
    return tf.withControlDependencies(assigns).withName("broadcast_from_leader").noOp();
  }

  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> floatVariables(Graph graph) {
    List<Output<TFloat32>> out = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("VariableV2")
          && (op.output(0).dataType() == DataType.DT_FLOAT
          || op.output(0).dataType() == DataType.DT_FLOAT_REF)) {
        out.add((Output<TFloat32>) (Output<?>) op.output(0));
      }
    }
    out.sort((a, b) -> a.op().name().compareTo(b.op().name()));
    return out;
  }
}
