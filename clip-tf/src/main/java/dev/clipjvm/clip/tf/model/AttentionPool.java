package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.ResNetConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The reference {@code AttentionPool2d} ({@code visual.attnpool}): the spatial mean is prepended
 * as a query token, a positional embedding is added, and one multi-head attention with the mean
 * token as the only query pools the feature map; {@code c_proj} maps to the joint space.
 *
 * @param config the ResNet architecture (feature width {@code 32 * width}, head width)
 * @param embedDim joint embedding width
 */
public record AttentionPool(ResNetConfig config, int embedDim) {

  /** Pools NHWC features {@code [batch, grid, grid, 32 * width]} into {@code [batch, embed]}. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, Operand<TFloat32> x) {
    return encode(tf, p, x).features();
  }

  /** Both outputs: the attention output before {@code c_proj}, and after it. */
  public ImageTower encode(Ops tf, Parameters p, Operand<TFloat32> x) {
    Ops s = tf.withSubScope("attnpool");
    String name = "visual.attnpool";
    int c = config.outputWidth();
    int heads = config.heads();
    int hw = config.headWidth();
    int grid = config.gridSize();
    int tokens = grid * grid + 1;
    double std = Math.pow(c, -0.5);
    x = s.reshape(x, s.constant(new long[] {-1, (long) grid * grid, c})); // [b, hw, c]
    x = s.concat(List.of(ResNetEncoder.spatialMean(s, x), x), s.constant(1)); // [b, t, c]
    x = s.math.add(x, p.get(s, ParamSpec.of(name + ".positional_embedding",
        new Init.Normal(std), tokens, c)));
    Operand<TInt32> batch =
        s.slice(s.shape(x), s.constant(new int[] {0}), s.constant(new int[] {1}));
    Operand<TFloat32> rows = s.reshape(x, s.constant(new long[] {-1, c})); // [b * t, c]
    Operand<TFloat32> query = s.stridedSlice(x, Indices.all(), Indices.at(0)); // [b, c]
    Operand<TFloat32> q = Layers.linear(s, p, name + ".q_proj", query, c, c,
        new Init.Normal(std), Init.fanIn(c));
    Operand<TFloat32> k = Layers.linear(s, p, name + ".k_proj", rows, c, c,
        new Init.Normal(std), Init.fanIn(c));
    Operand<TFloat32> v = Layers.linear(s, p, name + ".v_proj", rows, c, c,
        new Init.Normal(std), Init.fanIn(c));
    Operand<TInt32> qShape =
        s.concat(List.of(batch, s.constant(new int[] {heads, 1, hw})), s.constant(0));
    Operand<TInt32> kvShape =
        s.concat(List.of(batch, s.constant(new int[] {tokens, heads, hw})), s.constant(0));
    q = s.math.mul(s.reshape(q, qShape), s.constant((float) Math.pow(hw, -0.5))); // [b,h,1,hw]
    Operand<TFloat32> kh = s.linalg.transpose(s.reshape(k, kvShape),
        s.constant(new int[] {0, 2, 1, 3})); // [b, h, t, hw]
    Operand<TFloat32> vh = s.linalg.transpose(s.reshape(v, kvShape),
        s.constant(new int[] {0, 2, 1, 3})); // [b, h, t, hw]
    Operand<TFloat32> probs = s.nn.softmax(
        Layers.batchMatMul(s, q, kh, true)); // [b, h, 1, t]
    Operand<TFloat32> o = Layers.batchMatMul(s, probs, vh, false); // [b, h, 1, hw]
    o = s.reshape(o, s.constant(new long[] {-1, c})); // [b, c]
    return new ImageTower(o, Layers.linear(s, p, name + ".c_proj", o, c, embedDim,
        new Init.Normal(std), Init.fanIn(c)));
  }
}
