package dev.clipjvm.clip.tf.distributed;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * TensorFlow's collective ops across the workers of a {@link Cluster}, built with the raw
 * operation builder: TensorFlow Java 1.1.0 generates wrappers only for the V3 ops (which need a
 * communicator resource); {@code CollectiveGatherV2} and {@code CollectiveReduceV2} take the
 * group and instance keys as inputs. Every worker builds the same ops with the same instance
 * keys; instance keys tell the collectives of one graph apart. Collectives have no gradients.
 *
 * @param groupSize number of workers
 * @param rank this worker's task index
 * @param timeoutSeconds a collective waiting longer for a peer fails with {@code
 *     DeadlineExceeded}: how a dead or hung worker stops the others
 */
public record Collectives(int groupSize, int rank, float timeoutSeconds) {
  /** Group key of the training collectives (one group: all workers). */
  static final int GROUP_KEY = 1;

  /** Checks sizes. */
  public Collectives {
    if (groupSize < 1 || rank < 0 || rank >= groupSize) {
      throw new IllegalArgumentException("collectives: rank " + rank + " of " + groupSize);
    }
    if (!(timeoutSeconds > 0)) {
      throw new IllegalArgumentException("collectives: timeout must be positive: "
          + timeoutSeconds);
    }
  }

  /** The same group with another timeout (the start-up broadcast waits for slow starters). */
  public Collectives withTimeout(float seconds) {
    return new Collectives(groupSize, rank, seconds);
  }

  /** Concatenation along dimension 0 of every worker's {@code x}, in rank order. */
  public Operand<TFloat32> allGather(Ops tf, Operand<TFloat32> x, int instanceKey) {
    return build(tf, "CollectiveGatherV2", x, instanceKey, false);
  }

  /** Element-wise sum of every worker's {@code x}. */
  public Operand<TFloat32> allReduceSum(Ops tf, Operand<TFloat32> x, int instanceKey) {
    return build(tf, "CollectiveReduceV2", x, instanceKey, true);
  }

  /**
   * Concatenation along dimension 0 of every worker's 64-bit integers {@code x}, in rank order
   * (exact counts, which float32 would round above 2^24).
   */
  public Operand<TInt64> allGatherLongs(Ops tf, Operand<TInt64> x, int instanceKey) {
    return build(tf, "CollectiveGatherV2", x, instanceKey, false);
  }

  private <T extends TType> Operand<T> build(Ops tf, String type, Operand<T> x, int instanceKey,
      boolean reduce) {
    var b = tf.scope().opBuilder(type, type + "_" + instanceKey)
        .addInput(x.asOutput())
        .addInput(tf.constant(groupSize).asOutput())
        .addInput(tf.constant(GROUP_KEY).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .addInputList(new Output<?>[0])
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", timeoutSeconds);
    if (reduce) {
      b.setAttr("merge_op", "Add").setAttr("final_op", "Id");
    }
    return b.build().<T>output(0);
  }
}
