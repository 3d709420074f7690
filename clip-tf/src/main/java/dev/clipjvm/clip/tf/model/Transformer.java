package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.Activation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The pre-LayerNorm residual Transformer of the reference ({@code x = x + attn(ln_1(x));
 * x = x + mlp(ln_2(x))}) with names {@code PREFIX.resblocks.N.{ln_1,attn,ln_2,mlp.c_fc,mlp.c_proj}}.
 *
 * <p>The residual stream is a 2-D {@code [batch * tokens, width]} matrix; {@code batchTokens}
 * (a length-2 int vector {@code [batch, tokens]}, possibly computed at run time) restores the
 * sequence structure inside attention only.
 *
 * @param width residual width
 * @param heads attention heads
 * @param layers number of blocks
 * @param mlpRatio MLP hidden width over {@code width}
 * @param activation MLP nonlinearity
 * @param inits reference initializations
 */
public record Transformer(
    int width, int heads, int layers, double mlpRatio, Activation activation,
    TransformerInits inits) {

  /** Runs all blocks; {@code mask} is an additive {@code [tokens, tokens]} mask or null. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, String prefix, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask) {
    return apply(tf, p, prefix, x, batchTokens, mask, Recomputation.off());
  }

  /**
   * Runs all blocks, each but the last cut for recomputation in the backward pass when {@code
   * recompute} is on (the last block's activations are needed at once, so it is not cut).
   */
  public Operand<TFloat32> apply(Ops tf, Parameters p, String prefix, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask, Recomputation recompute) {
    Ops s = tf.withSubScope(Layers.leaf(prefix)).withSubScope("resblocks");
    Ops[] scopes = new Ops[layers]; // created before the blocks grow the graph (see Layers)
    for (int i = 0; i < layers; i++) {
      scopes[i] = s.withSubScope(Integer.toString(i));
    }
    x = recompute.start(tf, x);
    for (int i = 0; i < layers; i++) {
      String name = prefix + ".resblocks." + i;
      if (i < layers - 1) {
        x = recompute.cut(scopes[i], x, (o, in) -> block(o, p, name, in, batchTokens, mask));
      } else {
        x = block(scopes[i], p, name, x, batchTokens, mask);
      }
    }
    return x;
  }

  private Operand<TFloat32> block(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask) {
    Operand<TFloat32> h = Layers.layerNorm(tf, p, name + ".ln_1", x, width);
    x = Layers.add(tf, x, attention(tf, p, name + ".attn", h, batchTokens, mask));
    h = Layers.layerNorm(tf, p, name + ".ln_2", x, width);
    long hidden = Math.round(width * mlpRatio);
    Ops m = tf;
    h = Layers.linear(m, p, name + ".mlp.c_fc", h, width, hidden, inits.fc(), inits.fcBias());
    h = Layers.activation(m, activation, h); // [rows, hidden]
    h = Layers.linear(m, p, name + ".mlp.c_proj", h, hidden, width, inits.proj(),
        inits.projBias());
    return Layers.add(tf, x, h);
  }

  /** Multi-head self-attention with a fused q/k/v projection ({@code in_proj_weight}). */
  private Operand<TFloat32> attention(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask) {
    Ops s = tf;
    int headWidth = width / heads;
    Operand<TFloat32> w = p.get(s, new ParamSpec(name + ".in_proj_weight",
        org.tensorflow.ndarray.Shape.of(width, 3L * width), inits.inProj(), Layout.LINEAR));
    Operand<TFloat32> b =
        p.get(s, ParamSpec.of(name + ".in_proj_bias", Init.zeros(), 3L * width));
    Operand<TFloat32> qkv = s.nn.biasAdd(s.linalg.matMul(x, w), b); // [rows, 3 * width]
    Operand<TInt32> split = s.concat(java.util.List.of(batchTokens,
        s.constant(new int[] {3, heads, headWidth})), s.constant(0));
    qkv = s.linalg.transpose(s.reshape(qkv, split), s.constant(new int[] {2, 0, 3, 1, 4}));
    // qkv: [3, batch, heads, tokens, headWidth]
    Operand<TFloat32> q = s.stridedSlice(qkv, Indices.at(0));
    Operand<TFloat32> k = s.stridedSlice(qkv, Indices.at(1));
    Operand<TFloat32> v = s.stridedSlice(qkv, Indices.at(2));
    q = s.math.mul(q, s.constant((float) Math.pow(headWidth, -0.5)));
    Operand<TFloat32> scores =
        s.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)); // [b, h, t, t]
    if (mask != null) {
      scores = s.math.add(scores, mask);
    }
    Operand<TFloat32> probs = s.nn.softmax(scores);
    Operand<TFloat32> o = s.train.batchMatMul(probs, v, TFloat32.class); // [b, h, t, hw]
    o = s.linalg.transpose(o, s.constant(new int[] {0, 2, 1, 3})); // [b, t, h, hw]
    o = s.reshape(o, s.constant(new long[] {-1, width})); // [rows, width]
    return Layers.linear(s, p, name + ".out_proj", o, width, width, inits.outProj(), Init.zeros());
  }
}
