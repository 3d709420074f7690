package dev.clipjvm.clip.tf.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Global-norm gradient clipping: all gradients scaled by {@code c / max(norm, c)}. */
public final class GradientClipping {
  private GradientClipping() {}

  /** {@code sqrt(sum over gradients of sum(g^2))}. */
  public static Operand<TFloat32> globalNorm(Ops tf, List<Operand<TFloat32>> grads) {
    Operand<TFloat32> total = tf.constant(0f);
    for (Operand<TFloat32> g : grads) {
      total = tf.math.add(total, tf.reduceSum(tf.math.square(g), allAxes(tf, g)));
    }
    return tf.math.sqrt(total);
  }

  /** Scales every gradient by {@code maxNorm / max(norm, maxNorm)}. */
  public static List<Operand<TFloat32>> clip(
      Ops tf, List<Operand<TFloat32>> grads, Operand<TFloat32> norm, double maxNorm) {
    Operand<TFloat32> c = tf.constant((float) maxNorm);
    Operand<TFloat32> factor = tf.math.div(c, tf.math.maximum(norm, c));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      out.add(tf.math.mul(g, factor));
    }
    return out;
  }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> g) {
    return tf.range(tf.constant(0), tf.rank(g), tf.constant(1));
  }
}
