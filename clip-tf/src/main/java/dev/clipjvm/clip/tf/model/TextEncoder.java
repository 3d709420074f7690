package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.TextConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * The reference text Transformer (top-level checkpoint names): token and positional embeddings,
 * causal residual blocks, {@code ln_final} at the end-of-text token (the position of the largest
 * token id, as the reference's {@code argmax}), projection {@code text_projection}.
 *
 * <p>Only the first {@code max(eot) + 1} positions of the batch are computed: under the causal
 * mask a position never sees later ones, so cutting the padding is exact and short prompts cost
 * a fraction of the full context.
 *
 * @param config architecture
 * @param embedDim joint embedding width
 * @param activation MLP nonlinearity
 */
public record TextEncoder(TextConfig config, int embedDim, Activation activation) {

  /** Encodes token ids {@code [batch, length <= context]} into {@code [batch, embedDim]}. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, Operand<? extends TNumber> tokenIds) {
    return apply(tf, p, tokenIds, Recomputation.off());
  }

  /** As {@link #apply(Ops, Parameters, Operand)}, Transformer blocks cut by {@code recompute}. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, Operand<? extends TNumber> tokenIds,
      Recomputation recompute) {
    int w = config.width();
    int ctx = config.contextLength();
    Operand<TInt32> tokens = tf.dtypes.cast(tokenIds, TInt32.class);
    Operand<TInt32> eot = tf.math.argMax(tokens, tf.constant(1), TInt32.class); // [batch]
    Operand<TInt32> len = tf.math.add(tf.max(eot, tf.constant(0)), tf.constant(1)); // scalar
    Operand<TInt32> len1 = tf.reshape(len, tf.constant(new int[] {1}));
    tokens = tf.slice(tokens, tf.constant(new int[] {0, 0}),
        tf.concat(List.of(tf.constant(new int[] {-1}), len1), tf.constant(0))); // [b, len]
    Operand<TFloat32> table = p.get(tf, ParamSpec.of(
        "token_embedding.weight", new Init.Normal(0.02), config.vocabSize(), w));
    Operand<TFloat32> x = tf.gather(table, tokens, tf.constant(0)); // [b, len, w]
    Operand<TFloat32> pos = p.get(tf, ParamSpec.of("positional_embedding",
        new Init.Normal(0.01), ctx, w));
    pos = tf.slice(pos, tf.constant(new int[] {0, 0}),
        tf.concat(List.of(len1, tf.constant(new int[] {-1})), tf.constant(0))); // [len, w]
    x = tf.math.add(x, pos);
    Operand<TInt32> batchTokens = tf.shape(tokens);
    Operand<TFloat32> rows = tf.reshape(x, tf.constant(new long[] {-1, w})); // [b * len, w]
    Operand<TFloat32> mask = tf.slice(tf.constant(causalMask(ctx)), tf.constant(new int[] {0, 0}),
        tf.concat(List.of(len1, len1), tf.constant(0))); // [len, len]
    Transformer transformer = new Transformer(w, config.heads(), config.layers(), 4.0,
        activation, TransformerInits.clipText(w, config.layers(), 4.0));
    Operand<TInt32> batch = tf.slice(batchTokens, tf.constant(new int[] {0}),
        tf.constant(new int[] {1}));
    Operand<TInt32> eotRows = tf.math.add(tf.math.mul(tf.range(tf.constant(0),
        tf.reshape(batch, tf.constant(new int[0])), tf.constant(1)), len), eot);
    Operand<TFloat32> last = transformer.apply(tf, p, "transformer", rows, batchTokens, mask,
        eotRows, recompute); // the end-of-text tokens, [b, w]
    last = Layers.layerNorm(tf, p, "ln_final", last, w); // per row, so exact on the pooled rows
    Operand<TFloat32> proj = p.get(tf, ParamSpec.of("text_projection",
        new Init.Normal(Math.pow(w, -0.5)), w, embedDim));
    return tf.linalg.matMul(last, proj); // [batch, embedDim]
  }

  /** Additive causal mask: 0 on and below the diagonal, -inf above (the reference's mask). */
  static float[][] causalMask(int n) {
    float[][] m = new float[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        m[i][j] = Float.NEGATIVE_INFINITY;
      }
    }
    return m;
  }
}
