package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.VitConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The reference {@code VisionTransformer} under checkpoint prefix {@code visual}: patch
 * convolution without bias, class token, positional embedding, {@code ln_pre}, Transformer,
 * {@code ln_post} on the class token, projection {@code proj}.
 *
 * @param config architecture
 * @param embedDim joint embedding width
 * @param activation MLP nonlinearity
 */
public record VitEncoder(VitConfig config, int embedDim, Activation activation) {

  /** Encodes NHWC float images (already normalized) into {@code [batch, embedDim]}. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, Operand<TFloat32> nhwc) {
    return encode(tf, p, nhwc, Recomputation.off()).features();
  }

  /** As {@link #apply(Ops, Parameters, Operand)}, Transformer blocks cut by {@code recompute}. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, Operand<TFloat32> nhwc,
      Recomputation recompute) {
    return encode(tf, p, nhwc, recompute).features();
  }

  /** Both outputs: the class token after {@code ln_post}, and its projection. */
  public ImageTower encode(Ops tf, Parameters p, Operand<TFloat32> nhwc) {
    return encode(tf, p, nhwc, Recomputation.off());
  }

  /** As {@link #encode(Ops, Parameters, Operand)}, Transformer blocks cut by {@code recompute}. */
  public ImageTower encode(Ops tf, Parameters p, Operand<TFloat32> nhwc,
      Recomputation recompute) {
    Ops s = tf.withSubScope("visual");
    int w = config.width();
    int patch = config.patchSize();
    int grid = config.gridSize();
    int tokens = grid * grid + 1;
    double scale = Math.pow(w, -0.5);
    Operand<TFloat32> kernel = p.get(s, new ParamSpec("visual.conv1.weight",
        Shape.of(patch, patch, 3, w), Init.fanIn(3L * patch * patch), Layout.CONV));
    Operand<TFloat32> x = s.nn.conv2d(nhwc, kernel, List.of(1L, (long) patch, (long) patch, 1L),
        "VALID"); // [batch, grid, grid, width]
    x = s.reshape(x, s.constant(new long[] {-1, (long) grid * grid, w})); // [batch, patches, w]
    Operand<TInt32> batch = s.slice(s.shape(x), s.constant(new int[] {0}), s.constant(new int[] {1}));
    Operand<TFloat32> cls = p.get(s, ParamSpec.of("visual.class_embedding",
        new Init.Normal(scale), w));
    cls = s.broadcastTo(s.reshape(cls, s.constant(new long[] {1, 1, w})),
        s.concat(List.of(batch, s.constant(new int[] {1, w})), s.constant(0))); // [batch, 1, w]
    x = s.concat(List.of(cls, x), s.constant(1)); // [batch, tokens, width]
    Operand<TFloat32> pos = p.get(s, ParamSpec.of("visual.positional_embedding",
        new Init.Normal(scale), tokens, w));
    x = s.math.add(x, pos);
    Operand<TFloat32> rows = s.reshape(x, s.constant(new long[] {-1, w})); // [batch * tokens, w]
    rows = Layers.layerNorm(s, p, "visual.ln_pre", rows, w);
    Transformer transformer = new Transformer(w, w / config.headWidth(), config.layers(),
        config.mlpRatio(), activation, TransformerInits.pytorchDefaults(w, config.mlpRatio()));
    Operand<TInt32> batchTokens =
        s.concat(List.of(batch, s.constant(new int[] {tokens})), s.constant(0));
    Operand<TInt32> classRows = s.math.mul(s.range(s.constant(0),
        s.reshape(batch, s.constant(new int[0])), s.constant(1)), s.constant(tokens));
    Operand<TFloat32> first = transformer.apply(s, p, "visual.transformer", rows, batchTokens,
        null, classRows, recompute); // the class tokens, [batch, w]
    first = Layers.layerNorm(s, p, "visual.ln_post", first, w);
    Operand<TFloat32> proj = p.get(s, ParamSpec.of("visual.proj", new Init.Normal(scale),
        w, embedDim));
    return new ImageTower(first, s.linalg.matMul(first, proj)); // [batch, embedDim]
  }
}
