package dev.clipjvm.clip.tf.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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

  /**
   * LayerNorm over the last axis of a 2-D {@code [rows, width]} input with gain
   * {@code name.weight} and shift {@code name.bias}. Built in the form of Keras's
   * LayerNormalization (FusedBatchNormV3 in training mode over a {@code [1, rows, width, 1]}
   * NCHW view: per-row mean and biased variance, then gain and shift with {@code AddV2}), the
   * pattern grappler's remapper fuses into one oneDNN {@code _MklLayerNorm} kernel: the six
   * element-wise passes of the textbook form cost about 7% of a ViT-B/32 forward pass, the fused
   * kernel 0.4% (docs/speed.md). FusedBatchNormV3 has a gradient, so training uses it too.
   */
  public static Operand<TFloat32> layerNorm(
      Ops tf, Parameters p, String name, Operand<TFloat32> x, long width) {
    return layerNorm(tf, p, name, x, width, 1f);
  }

  /**
   * {@link #layerNorm(Ops, Parameters, String, Operand, long)} of a stream carried at
   * {@code scale} times its value, returned at {@code scale} times: {@code scale * ln(x / scale)}
   * for input {@code x}. LayerNorm does not see a common factor except through its epsilon, so
   * the epsilon is multiplied by {@code scale^2} and the gain and shift vectors by {@code scale};
   * nothing passes over the rows. (The Transformer carries its QuickGELU models' residual stream
   * so; see there.)
   */
  public static Operand<TFloat32> layerNorm(
      Ops tf, Parameters p, String name, Operand<TFloat32> x, long width, float scale) {
    Ops s = tf;
    Operand<TFloat32> g = p.get(s, ParamSpec.of(name + ".weight", Init.ones(), width));
    Operand<TFloat32> b = p.get(s, ParamSpec.of(name + ".bias", Init.zeros(), width));
    g = times(s, g, scale);
    b = times(s, b, scale);
    Operand<TInt32> shape = s.shape(x);
    Operand<TInt32> rows =
        s.slice(shape, s.constant(new int[] {0}), s.constant(new int[] {1}));
    Operand<TFloat32> x4 = s.reshape(x, s.concat(List.of(s.constant(new int[] {1}),
        rows, s.constant(new int[] {(int) width, 1})), s.constant(0)));
    Operand<TFloat32> empty = s.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> bn = s.nn.fusedBatchNorm(x4,
        s.fill(rows, s.constant(1f)), s.fill(rows, s.constant(0f)), empty, empty,
        FusedBatchNorm.epsilon(LAYER_NORM_EPS * scale * scale),
        FusedBatchNorm.dataFormat("NCHW"),
        FusedBatchNorm.isTraining(true));
    return add(s, b, s.math.mul(s.reshape(bn.y(), shape), g));
  }

  /** {@code a + b} as TensorFlow's {@code AddV2}. */
  public static Operand<TFloat32> add(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.scope().opBuilder("AddV2", "AddV2").addInput(a.asOutput()).addInput(b.asOutput())
        .build().output(0);
  }

  /**
   * The batched product {@code a @ b} (or {@code a @ b^T} with {@code adjointB}) over leading
   * batch dimensions, as TensorFlow's {@code BatchMatMulV2}. TF Java only builds
   * {@code BatchMatMulV3}, which TensorFlow 2.18's oneDNN layout pass leaves to its Eigen kernel;
   * {@code BatchMatMulV2} runs as oneDNN's {@code _MklBatchMatMulV2} at about twice the speed on
   * the attention shapes (docs/speed.md). Additive masks must stay rank 2 ({@code [t, t]}): the
   * remapper fuses {@code BatchMatMulV2 + AddV2} with a rank-4 mask into
   * {@code _MklFusedBatchMatMulV2}, which took seconds per call on the text encoder's shapes.
   */
  public static Operand<TFloat32> batchMatMul(
      Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, boolean adjointB) {
    return tf.scope().opBuilder("BatchMatMulV2", "BatchMatMulV2").addInput(a.asOutput())
        .addInput(b.asOutput()).setAttr("adj_x", false).setAttr("adj_y", adjointB).build()
        .output(0);
  }

  /**
   * A linear layer {@code x @ W + b} on a 2-D input: weight {@code name.weight} (graph
   * {@code [in, out]}, checkpoint {@code [out, in]}) and optional bias {@code name.bias}.
   */
  public static Operand<TFloat32> linear(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      long in, long out, Init weightInit, Init biasInit) {
    return linear(tf, p, name, x, in, out, weightInit, biasInit, 1f);
  }

  /**
   * {@link #linear(Ops, Parameters, String, Operand, long, long, Init, Init)} with the bias
   * multiplied by {@code biasScale} (a vector multiply; the product itself is unscaled).
   */
  public static Operand<TFloat32> linear(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      long in, long out, Init weightInit, Init biasInit, float biasScale) {
    Ops s = tf;
    Operand<TFloat32> w = p.get(s, new ParamSpec(name + ".weight",
        org.tensorflow.ndarray.Shape.of(in, out), weightInit, Layout.LINEAR));
    Operand<TFloat32> y = s.linalg.matMul(x, w); // [rows, out]
    if (biasInit == null) {
      return y;
    }
    Operand<TFloat32> b = p.get(s, ParamSpec.of(name + ".bias", biasInit, out));
    return s.nn.biasAdd(y, times(s, b, biasScale));
  }

  /**
   * {@code x * factor}, or {@code x} itself for a factor of 1 (no op in the graph): the scales
   * folded into the Transformer's vectors ({@code Transformer}'s carried factor).
   */
  static Operand<TFloat32> times(Ops tf, Operand<TFloat32> x, float factor) {
    return factor == 1f ? x : tf.math.mul(x, tf.constant(factor));
  }

  /**
   * QuickGELU's constant: {@code x * sigmoid(1.702 x)}, computed as {@code swish(1.702 x) /
   * 1.702} with the scales folded into the neighbouring layers (see {@code Transformer}).
   */
  public static final float QUICK_GELU_SCALE = 1.702f;

  /** {@code x * sigmoid(x)}, the pattern grappler fuses into one oneDNN {@code _MklSwish}. */
  public static Operand<TFloat32> swish(Ops tf, Operand<TFloat32> x) {
    return tf.math.mul(x, tf.math.sigmoid(x));
  }

  /** The erf-based GELU {@code 0.5 x (1 + erf(x / sqrt 2))} (open_clip's MLP nonlinearity). */
  public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
    return tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(tf.constant(1f),
        tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))))));
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
