package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.Activation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
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

  /**
   * Runs all blocks and returns the residual stream at {@code pooledRows} only ({@code [batch]}
   * row indices into the {@code [batch * tokens, width]} stream, the i-th in sequence i, e.g. each
   * image's class token or each text's end-of-text token): {@code [batch, width]}. The last block computes keys and values for
   * every row but its queries, output projection and MLP for the pooled rows alone: the other
   * rows of the last block never reach an output, and skipping them is exact (a row's result
   * does not depend on the other rows' queries). That is about 6% of a 12-block encoder's work.
   * Every block but the last is cut for recomputation in the backward pass when {@code recompute}
   * is on (the last block's activations are needed at once, so it is not cut).
   *
   * @param mask additive {@code [tokens, tokens]} mask or null
   */
  public Operand<TFloat32> apply(Ops tf, Parameters p, String prefix, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask, Operand<TInt32> pooledRows,
      Recomputation recompute) {
    Ops s = tf.withSubScope(Layers.leaf(prefix)).withSubScope("resblocks");
    Ops[] scopes = new Ops[layers]; // created before the blocks grow the graph (see Layers)
    for (int i = 0; i < layers; i++) {
      scopes[i] = s.withSubScope(Integer.toString(i));
    }
    float a = carried();
    x = recompute.start(tf, Layers.times(tf, x, a));
    for (int i = 0; i < layers - 1; i++) {
      String name = prefix + ".resblocks." + i;
      x = recompute.cut(scopes[i], x, (o, in) -> block(o, p, name, in, batchTokens, mask));
    }
    Operand<TFloat32> pooled = lastBlock(scopes[layers - 1], p,
        prefix + ".resblocks." + (layers - 1), x, batchTokens, mask, pooledRows);
    return Layers.times(tf, pooled, 1f / a); // [batch, width]
  }

  /**
   * The factor the residual stream is carried at between the blocks: 1.702 with QuickGELU, 1
   * with GELU. QuickGELU runs as {@code swish(1.702 h) / 1.702} (see {@link #mlp}); with the
   * stream at 1.702 times its value the MLP's output is added as it comes, without a pass to
   * divide it (twelve fewer element-wise passes over the rows, and grappler fuses the MLP's
   * residual add into {@code c_proj}'s matmul). The factor is folded into vectors only: each
   * LayerNorm's epsilon, gain and shift ({@link Layers#layerNorm(Ops, Parameters, String,
   * Operand, long, float)}), the projections' biases, and the attention's query scale; the
   * stream is scaled once on entry and the pooled rows once on exit. The same function, up to
   * float32 rounding.
   */
  private float carried() {
    return activation == Activation.QUICK_GELU ? Layers.QUICK_GELU_SCALE : 1f;
  }

  /**
   * Multiply-accumulates per sequence of {@code tokens} that {@link #apply}'s pooled last block
   * does not compute against a full last block (the reference's): the queries, output projection
   * and MLP of the {@code tokens - 1} unpooled rows and their attention products.
   */
  public static long pooledLastBlockSkippedMacs(long tokens, long width, long mlpWidth) {
    return (tokens - 1) * width * (2 * width + 2 * mlpWidth) + 2 * tokens * (tokens - 1) * width;
  }

  private Operand<TFloat32> block(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask) {
    Operand<TFloat32> h = Layers.layerNorm(tf, p, name + ".ln_1", x, width, carried());
    Operand<TFloat32> qkv = qkv(tf, p, name + ".attn", h);
    x = Layers.add(tf, x,
        attention(tf, p, name + ".attn", qkv, batchTokens, mask, null, tf.shape(x)));
    return mlp(tf, p, name, x);
  }

  /** The last block, on the pooled rows only (see {@link #apply}). */
  private Operand<TFloat32> lastBlock(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask, Operand<TInt32> pooledRows) {
    Operand<TFloat32> h = Layers.layerNorm(tf, p, name + ".ln_1", x, width, carried());
    Operand<TFloat32> qkv = qkv(tf, p, name + ".attn", h);
    Operand<TFloat32> pooled = tf.gather(x, pooledRows, tf.constant(0)); // [n, width]
    pooled = Layers.add(tf, pooled,
        attention(tf, p, name + ".attn", qkv, batchTokens, mask, pooledRows, tf.shape(pooled)));
    return mlp(tf, p, name, pooled);
  }

  /**
   * {@code x + c_proj(act(c_fc(ln_2(x))))} with GELU or QuickGELU. QuickGELU is computed as
   * {@code swish(1.702 h) / 1.702}, the same function: with the stream carried at 1.702 (see
   * {@link #carried}), {@code ln_2} and {@code c_fc}'s bias deliver {@code 1.702 h}, grappler
   * turns its {@code x * sigmoid(x)} into one {@code _MklSwish} kernel, and {@code c_proj} (bias
   * scaled) yields 1.702 times the MLP's output, which is what the stream adds. One element-wise
   * pass over the hidden activation instead of QuickGELU's three.
   */
  private Operand<TFloat32> mlp(Ops tf, Parameters p, String name, Operand<TFloat32> x) {
    long hidden = Math.round(width * mlpRatio);
    float a = carried(); // x arrives as a * x (1.702 with QuickGELU, 1 with GELU)
    Operand<TFloat32> h = Layers.layerNorm(tf, p, name + ".ln_2", x, width, a);
    h = Layers.linear(tf, p, name + ".mlp.c_fc", h, width, hidden, inits.fc(), inits.fcBias(),
        a); // a * (ln_2(x) W + b)
    // [rows, hidden]: 1.702 * QuickGELU as swish of 1.702 h; GELU with a = 1
    h = activation == Activation.GELU ? Layers.gelu(tf, h) : Layers.swish(tf, h);
    h = Layers.linear(tf, p, name + ".mlp.c_proj", h, hidden, width, inits.proj(),
        inits.projBias(), a); // a * c_proj(act)
    return Layers.add(tf, x, h);
  }

  /** The fused q/k/v projection ({@code in_proj_weight}) of every row: {@code [rows, 3 * width]}. */
  private Operand<TFloat32> qkv(Ops tf, Parameters p, String name, Operand<TFloat32> x) {
    Operand<TFloat32> w = p.get(tf, new ParamSpec(name + ".in_proj_weight",
        org.tensorflow.ndarray.Shape.of(width, 3L * width), inits.inProj(), Layout.LINEAR));
    Operand<TFloat32> b =
        p.get(tf, ParamSpec.of(name + ".in_proj_bias", Init.zeros(), 3L * width));
    // x (ln_1's output) arrives scaled by carried(): so must the bias
    return tf.nn.biasAdd(tf.linalg.matMul(x, w), Layers.times(tf, b, carried()));
  }

  /**
   * Multi-head self-attention on the projected {@code qkv} rows: the output projection of every
   * row's attention ({@code [rows, width]}), or with {@code queryRows} of those rows only
   * ({@code [n, width]}; keys and values still span each whole sequence). {@code streamShape}
   * is the run-time shape of the residual rows the result is added to: reshaping the heads back
   * to it, not to {@code [-1, width]}, lets grappler see that both sides of the residual add
   * have the same (unknown) row count, the condition for fusing the add into the output
   * projection's matmul.
   */
  private Operand<TFloat32> attention(Ops tf, Parameters p, String name, Operand<TFloat32> qkv,
      Operand<TInt32> batchTokens, Operand<TFloat32> mask, Operand<TInt32> queryRows,
      Operand<TInt32> streamShape) {
    Ops s = tf;
    int headWidth = width / heads;
    Operand<TInt32> split = s.concat(java.util.List.of(batchTokens,
        s.constant(new int[] {3, heads, headWidth})), s.constant(0));
    Operand<TFloat32> heads5 =
        s.linalg.transpose(s.reshape(qkv, split), s.constant(new int[] {2, 0, 3, 1, 4}));
    // heads5: [3, batch, heads, tokens, headWidth]
    Operand<TFloat32> k = s.stridedSlice(heads5, Indices.at(1));
    Operand<TFloat32> v = s.stridedSlice(heads5, Indices.at(2));
    // q and k arrive scaled by carried() each (see qkv): their product by its square
    float a = carried();
    Operand<TFloat32> scale = s.constant((float) (Math.pow(headWidth, -0.5) / (a * a)));
    Operand<TFloat32> o;
    if (queryRows == null) {
      Operand<TFloat32> q = s.math.mul(s.stridedSlice(heads5, Indices.at(0)), scale);
      Operand<TFloat32> scores = Layers.batchMatMul(s, q, k, true); // [b, h, t, t]
      if (mask != null) {
        scores = s.math.add(scores, mask); // rank-2 mask: see Layers.batchMatMul
      }
      o = Layers.batchMatMul(s, s.nn.softmax(scores), v, false); // [b, h, t, hw]
      o = s.linalg.transpose(o, s.constant(new int[] {0, 2, 1, 3})); // [b, t, h, hw]
    } else {
      // One query per sequence: the pooled rows' q, [n, heads, 1, hw] without a transpose.
      Operand<TFloat32> q = s.slice(s.gather(qkv, queryRows, s.constant(0)),
          s.constant(new int[] {0, 0}), s.constant(new int[] {-1, width}));
      q = s.math.mul(s.reshape(q, s.constant(new long[] {-1, heads, 1, headWidth})), scale);
      // [n, h, t]; the reshape keeps the mask's add out of oneDNN's fused BatchMatMul (see
      // Layers.batchMatMul) and the rank known even when the input's is not
      Operand<TInt32> tokens = s.slice(batchTokens, s.constant(new int[] {1}),
          s.constant(new int[] {1}));
      Operand<TFloat32> scores = s.reshape(Layers.batchMatMul(s, q, k, true), s.concat(
          java.util.List.of(s.constant(new int[] {-1, heads}), tokens), s.constant(0)));
      if (mask != null) {
        Operand<TInt32> position = s.math.floorMod(queryRows, s.reshape(tokens,
            s.constant(new int[0]))); // each pooled row's place in its sequence
        Operand<TFloat32> rows = s.gather(mask, position, s.constant(0)); // [n, t]
        scores = s.math.add(scores, s.expandDims(rows, s.constant(1)));
      }
      Operand<TFloat32> probs = s.expandDims(s.nn.softmax(scores), s.constant(2)); // [n,h,1,t]
      o = Layers.batchMatMul(s, probs, v, false); // [n, h, 1, hw]
    }
    o = s.reshape(o, streamShape); // [rows or n, width]
    // v arrived scaled, so o is: with the bias scaled too, the output is carried() times the
    // attention's, as the stream it is added to
    return Layers.linear(s, p, name + ".out_proj", o, width, width, inits.outProj(), Init.zeros(),
        a);
  }
}
