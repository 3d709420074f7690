package dev.clipjvm.clip.tf.distributed;

import dev.clipjvm.clip.tf.train.ContrastiveLoss;
import dev.clipjvm.clip.tf.train.Parameter;
import dev.clipjvm.clip.tf.train.TrainGraph;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The paper's sharded contrastive loss with the single-process gradient, on collectives that
 * have no gradient.
 *
 * <p>Each worker encodes its {@code n} local pairs, all-gathers both feature matrices (gradient
 * stopped) and puts its own features, which carry the gradient, back in place of its slice. It
 * then computes the loss over the FULL {@code N x N} similarity matrix: every worker holds the
 * same number, the global batch's loss. Worker {@code r}'s gradient is the part of the global
 * gradient that reaches the parameters through worker {@code r}'s features, through its own rows
 * and columns and through the other workers' rows and columns alike; summing over workers gives
 * the whole gradient. Computing only the local rows with a gradient-less gather would drop the
 * terms that reach a worker's features through other workers' rows (open_clip's {@code
 * local_loss} needs a gather with gradient for that reason). The cost: every worker computes the
 * whole {@code N x N} matrix ({@code 2 N^2 d} multiply-adds twice), negligible next to the
 * towers up to global batches of tens of thousands.
 *
 * <p>The logit scale enters the loss directly, not through features, so each worker already
 * holds its whole gradient (the same on every worker): it is averaged, the others summed.
 */
public final class DataParallelLoss {
  static final int IMAGE_GATHER = 1;
  static final int TEXT_GATHER = 2;
  static final int GRADIENT_REDUCE = 3;
  /** Instance key of {@link DataParallel#broadcast}'s all-reduce. */
  static final int BROADCAST = 4;

  private DataParallelLoss() {}

  /** The global batch's loss on worker {@code c.rank()}; features normalized, [n, d] each. */
  public static Operand<TFloat32> loss(Ops tf, Collectives c, Operand<TFloat32> imageLocal,
      Operand<TFloat32> textLocal, Operand<TFloat32> logitScale) {
    return loss(tf, c, imageLocal, textLocal, logitScale, List.of());
  }

  /**
   * The global batch's loss, its feature gathers run after {@code after} (the step's other
   * collectives, e.g. BatchNorm statistics' assignments) and the text gather after the image
   * gather: every worker then runs its collectives in one order, which TensorFlow's small
   * collective thread pool needs to not deadlock when a step has many.
   */
  public static Operand<TFloat32> loss(Ops tf, Collectives c, Operand<TFloat32> imageLocal,
      Operand<TFloat32> textLocal, Operand<TFloat32> logitScale, List<? extends Op> after) {
    Gathered images = substitute(tf, after.isEmpty() ? tf
        : tf.withControlDependencies(List.copyOf(after)), c, imageLocal, IMAGE_GATHER);
    Gathered texts = substitute(tf, tf.withControlDependencies(List.of(images.gather())), c,
        textLocal, TEXT_GATHER);
    return ContrastiveLoss.loss(tf, images.features(), texts.features(), logitScale);
  }

  /** The substituted features and the gather that made them. */
  private record Gathered(Operand<TFloat32> features, Identity<TFloat32> gather) {}

  /**
   * All workers' rows with this worker's slice replaced by {@code local} (which has gradient);
   * {@code ordered} builds the gather (with its control dependencies).
   */
  private static Gathered substitute(Ops tf, Ops ordered, Collectives c,
      Operand<TFloat32> local, int key) {
    Identity<TFloat32> gather = tf.identity(c.allGather(ordered, tf.stopGradient(local), key));
    Operand<TFloat32> all = tf.stopGradient(gather);
    Operand<TInt32> n = tf.gather(tf.shape(local), tf.constant(0), tf.constant(0));
    Operand<TInt32> before = tf.math.mul(n, tf.constant(c.rank()));
    Operand<TInt32> after = tf.math.add(before, n);
    Operand<TFloat32> head = tf.slice(all, tf.stack(List.of(tf.constant(0), tf.constant(0))),
        tf.stack(List.of(before, tf.constant(-1))));
    Operand<TFloat32> tail = tf.slice(all, tf.stack(List.of(after, tf.constant(0))),
        tf.constant(new int[] {-1, -1}));
    return new Gathered(tf.concat(List.of(head, local, tail), tf.constant(0)), gather);
  }

  /**
   * The single-process gradients from each worker's: one all-reduce of all gradients
   * concatenated (summed; the logit scale's averaged), split back into the parameters' shapes.
   */
  public static List<Operand<TFloat32>> allReduce(Ops tf, Collectives c, List<Parameter> params,
      List<Operand<TFloat32>> grads) {
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (int i = 0; i < grads.size(); i++) {
      Operand<TFloat32> g = grads.get(i);
      if (params.get(i).name().equals(TrainGraph.LOGIT_SCALE)) {
        g = tf.math.div(g, tf.constant((float) c.groupSize()));
      }
      flat.add(tf.reshape(g, tf.constant(new int[] {-1})));
    }
    Operand<TFloat32> summed = c.allReduceSum(tf, tf.concat(flat, tf.constant(0)),
        GRADIENT_REDUCE);
    List<Operand<TFloat32>> out = new ArrayList<>();
    int offset = 0;
    for (Parameter p : params) {
      int size = (int) p.variable().shape().size();
      out.add(tf.reshape(
          tf.slice(summed, tf.constant(new int[] {offset}), tf.constant(new int[] {size})),
          tf.constant(p.variable().shape().asArray())));
      offset += size;
    }
    return out;
  }
}
