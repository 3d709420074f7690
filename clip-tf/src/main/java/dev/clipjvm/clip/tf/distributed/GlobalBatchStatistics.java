package dev.clipjvm.clip.tf.distributed;

import dev.clipjvm.clip.tf.model.BatchStatistics;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BatchNorm running statistics of a data-parallel run: each BatchNorm layer all-gathers every
 * worker's per-channel mean, biased variance and count, and records the moments of the union of
 * the workers' batches, so every worker (and task 0's checkpoint) holds the same running
 * statistics, the ones one process would compute from those activations. With {@code n_w}
 * values per channel on worker {@code w}, {@code n = sum n_w}:
 *
 * <pre>
 *   mean = sum_w n_w mean_w / n
 *   var  = sum_w n_w (var_w + (mean_w - mean)^2) / n     (within-worker plus between-worker)
 * </pre>
 *
 * and the running variance then takes {@code n / (n - 1)} times {@code var}, as PyTorch does for
 * one batch of {@code n} values. Every worker gathers the same numbers and computes the same
 * expression on them, so the results are bit-identical across workers.
 *
 * <p>Only the running statistics are combined: each worker still normalizes its activations with
 * its own batch's moments (PyTorch's DistributedDataParallel without SyncBatchNorm does the
 * same), so the forward pass and the gradients of a ModifiedResNet differ from one process's.
 * The gathers feed only the statistics' assignments: they carry no gradient and need none.
 * One gather of {@code 2C + 1} floats per BatchNorm layer and step, one after the other in
 * layer order; the step's feature gathers wait for the statistics' assignments ({@link
 * DataParallelLoss#loss(Ops, Collectives, Operand, Operand, Operand, List)}).
 */
public final class GlobalBatchStatistics implements BatchStatistics {
  /** Instance keys of the statistics' gathers, one per layer from here on. */
  static final int FIRST_KEY = 1000;

  private final Collectives collectives;
  private int layers;
  /** The previous layer's gather: the next one waits for it. */
  private Identity<TFloat32> last;

  /** Statistics gathered over {@code c}'s group. */
  public GlobalBatchStatistics(Collectives c) {
    this.collectives = c;
  }

  /**
   * Every worker builds the same layers in the same order, so the {@code i}-th layer's gather has
   * the same instance key everywhere.
   */
  @Override
  public synchronized Moments combine(Ops tf, Moments local) {
    int key = FIRST_KEY + layers++;
    Operand<TFloat32> row = tf.concat(List.of(tf.reshape(local.mean(), tf.constant(new int[] {1,
        -1})), tf.reshape(local.variance(), tf.constant(new int[] {1, -1})),
        tf.reshape(local.count(), tf.constant(new int[] {1, 1}))), tf.constant(1));
    // One gather at a time, in layer order on every worker: TensorFlow runs collectives on a
    // small thread pool, and a score of them launched at once in a different order on each
    // worker was seen to deadlock both (each waiting for a gather the other had not started).
    Ops ordered = last == null ? tf : tf.withControlDependencies(List.of(last));
    Identity<TFloat32> all = tf.identity(collectives.allGather(ordered, row, key)); // [N, 2C+1]
    last = all;
    Operand<TInt32> channels = tf.reshape(tf.size(local.mean()), tf.constant(new int[] {1}));
    Operand<TFloat32> means = columns(tf, all, 0, channels);
    Operand<TFloat32> vars = columns(tf, all, 1, channels);
    Operand<TFloat32> counts = tf.slice(all, tf.concat(List.of(tf.constant(new int[] {0}),
        tf.math.mul(channels, tf.constant(new int[] {2}))), tf.constant(0)),
        tf.constant(new int[] {-1, 1})); // [workers, 1]
    Operand<TFloat32> n = tf.sum(counts, tf.constant(0)); // [1]
    Operand<TFloat32> weights = tf.math.div(counts, n); // [workers, 1]
    Operand<TFloat32> mean = tf.sum(tf.math.mul(weights, means), tf.constant(0)); // [C]
    Operand<TFloat32> var = tf.sum(tf.math.mul(weights, tf.math.add(vars,
        tf.math.squaredDifference(means, mean))), tf.constant(0));
    return new Moments(mean, var, tf.reshape(n, tf.constant(new int[0])));
  }

  /** Columns {@code [part * C, (part + 1) * C)} of {@code all}. */
  private static Operand<TFloat32> columns(Ops tf, Operand<TFloat32> all, int part,
      Operand<TInt32> channels) {
    return tf.slice(all, tf.concat(List.of(tf.constant(new int[] {0}),
        tf.math.mul(channels, tf.constant(new int[] {part}))), tf.constant(0)),
        tf.concat(List.of(tf.constant(new int[] {-1}), channels), tf.constant(0)));
  }
}
