package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.Activation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Stateless layer functions {@code (Ops, Parameters, name, x) -> Operand}. Name scopes are
 * opened per block by the callers, not per layer: TF Java scans the whole graph each time a
 * sub-scope is created, which made per-layer scopes cost tens of seconds on full-size models. Activations of the
 * Transformers travel as 2-D {@code [rows, width]} matrices so every projection is one plain
 * MatMul (oneDNN's fastest path) with weights stored {@code [in, out]}.
 */
public final class Layers {
  /** LayerNorm epsilon of the reference ({@code nn.LayerNorm} default). */
  public static final float LAYER_NORM_EPS = 1e-5f;

  private Layers() {}

  /** LayerNorm over the last axis with gain {@code name.weight} and shift {@code name.bias}. */
  public static Operand<TFloat32> layerNorm(
      Ops tf, Parameters p, String name, Operand<TFloat32> x, long width) {
    Ops s = tf;
    Operand<TFloat32> g = p.get(s, ParamSpec.of(name + ".weight", Init.ones(), width));
    Operand<TFloat32> b = p.get(s, ParamSpec.of(name + ".bias", Init.zeros(), width));
    Operand<TFloat32> mean = s.math.mean(x, s.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> var =
        s.math.mean(s.math.squaredDifference(x, mean), s.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> norm = s.math.mul(s.math.sub(x, mean),
        s.math.rsqrt(s.math.add(var, s.constant(LAYER_NORM_EPS))));
    return s.math.add(s.math.mul(norm, g), b);
  }

  /**
   * A linear layer {@code x @ W + b} on a 2-D input: weight {@code name.weight} (graph
   * {@code [in, out]}, checkpoint {@code [out, in]}) and optional bias {@code name.bias}.
   */
  public static Operand<TFloat32> linear(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      long in, long out, Init weightInit, Init biasInit) {
    Ops s = tf;
    Operand<TFloat32> w = p.get(s, new ParamSpec(name + ".weight",
        org.tensorflow.ndarray.Shape.of(in, out), weightInit, Layout.LINEAR));
    Operand<TFloat32> y = s.linalg.matMul(x, w); // [rows, out]
    if (biasInit == null) {
      return y;
    }
    return s.nn.biasAdd(y, p.get(s, ParamSpec.of(name + ".bias", biasInit, out)));
  }

  /** The MLP nonlinearity: QuickGELU {@code x * sigmoid(1.702 x)} or erf-based GELU. */
  public static Operand<TFloat32> activation(Ops tf, Activation act, Operand<TFloat32> x) {
    return switch (act) {
      case QUICK_GELU -> tf.math.mul(x, tf.math.sigmoid(tf.math.mul(x, tf.constant(1.702f))));
      case GELU -> tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(tf.constant(1f),
          tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))))));
    };
  }

  /**
   * L2-normalizes the rows of {@code x}: {@code x * rsqrt(sum(x^2))} over the last axis, the
   * reference's {@code x / x.norm(dim=-1, keepdim=True)}. The one normalization of features in
   * this project: training (the loss and its gradient), zero-shot evaluation and inference logits
   * all use it.
   */
  public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squares = tf.reduceSum(tf.math.square(x), tf.constant(-1),
        ReduceSum.keepDims(true)); // [..., 1]
    return tf.math.mul(x, tf.math.rsqrt(squares));
  }

  /** The last dotted component of a checkpoint name ({@code ln_1} of {@code a.b.ln_1}). */
  static String leaf(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
