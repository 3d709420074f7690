package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.data.image.Normalization;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TNumber;

/**
 * Compiles a {@link ClipConfig} into TensorFlow operations: the one graph builder used for both
 * inference (weights restored from a checkpoint) and training (trainable variables with the
 * reference initialization); {@link Parameters} decides which.
 *
 * <pre>{@code
 * VariableParameters params = new VariableParameters(graph);       // records name -> Variable
 * ClipGraph clip = new ClipGraph(config, params, BatchNormMode.INFERENCE);
 * Operand<TFloat32> img = clip.imageFeatures(tf, imagesNchw);        // [n, embed]
 * Operand<TFloat32> txt = clip.textFeatures(tf, tokens);             // [m, embed]
 * Operand<TFloat32> logits = clip.logits(tf, img, txt);               // [n, m]
 * }</pre>
 *
 * <p>Parameter names are the OpenAI state-dict names; the graph's name scopes mirror them down to
 * the block ({@code visual/transformer/resblocks/3}) and variables carry the full name. Graph
 * layouts: linear weights {@code [in, out]},
 * convolution kernels HWIO, everything else as in the checkpoint (see {@link Layout}).
 *
 * @param config the model
 * @param params where weights come from
 * @param batchNorm BatchNorm form of a ModifiedResNet (ignored for a ViT)
 * @param recompute Transformer blocks and ModifiedResNet stages recomputed in the backward
 *     pass, or {@link Recomputation#off()}
 * @param statistics the batch statistics a training-form BatchNorm records in its running
 *     averages ({@link BatchStatistics#LOCAL}, or the global batch's in a data-parallel run)
 */
public record ClipGraph(ClipConfig config, Parameters params, BatchNormMode batchNorm,
    Recomputation recompute, BatchStatistics statistics) {
  /** Validates the fields. */
  public ClipGraph {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(batchNorm, "batchNorm");
    Objects.requireNonNull(recompute, "recompute");
    Objects.requireNonNull(statistics, "statistics");
  }

  /** A graph whose BatchNorm records its own batch's statistics. */
  public ClipGraph(ClipConfig config, Parameters params, BatchNormMode batchNorm,
      Recomputation recompute) {
    this(config, params, batchNorm, recompute, BatchStatistics.LOCAL);
  }

  /** A graph without recomputation. */
  public ClipGraph(ClipConfig config, Parameters params, BatchNormMode batchNorm) {
    this(config, params, batchNorm, Recomputation.off());
  }

  /** A graph with inference-form BatchNorm. */
  public ClipGraph(ClipConfig config, Parameters params) {
    this(config, params, BatchNormMode.INFERENCE);
  }

  /** Image features (unnormalized, after projection) of normalized NCHW float images. */
  public Operand<TFloat32> imageFeatures(Ops tf, Operand<TFloat32> nchw) {
    return imageFeaturesNhwc(tf, tf.linalg.transpose(nchw, tf.constant(new int[] {0, 2, 3, 1})));
  }

  /** Image features of normalized NHWC float images. */
  public Operand<TFloat32> imageFeaturesNhwc(Ops tf, Operand<TFloat32> nhwc) {
    return imageTowerNhwc(tf, nhwc).features();
  }

  /**
   * Both outputs of the image encoder for normalized NHWC float images: the features before the
   * projection into the joint space and after it ({@link ImageTower}).
   */
  public ImageTower imageTowerNhwc(Ops tf, Operand<TFloat32> nhwc) {
    if (config.vision() instanceof VitConfig v) {
      return new VitEncoder(v, config.embedDim(), config.activation())
          .encode(tf, params, nhwc, recompute);
    }
    ResNetConfig r = (ResNetConfig) config.vision(); // the only other VisionConfig variant
    return new ResNetEncoder(r, config.embedDim(), batchNorm, statistics)
        .encode(tf, params, nhwc, recompute);
  }

  /**
   * Image features of raw RGB pixels {@code [n, size, size, 3]} (uint8, already resized and
   * cropped): scales to [0, 1] and normalizes with OpenAI's mean and std inside the graph, so
   * feeding costs a quarter of the bytes of float input.
   */
  public Operand<TFloat32> imageFeaturesFromPixels(Ops tf, Operand<TUint8> nhwc) {
    return imageFeaturesNhwc(tf, normalizePixels(tf, nhwc, config.vision().imageSize()));
  }

  /**
   * RGB pixels (uint8, NHWC, {@code width} pixels per row) scaled to [0, 1] and normalized with
   * OpenAI's mean and std ({@link Normalization#CLIP}, the statistics host-side preprocessing
   * uses), folded into one multiply and one subtract per value. The pixels are viewed as rows of
   * {@code width * 3} values against constants tiled to that length: broadcast along an
   * innermost axis of 3 channels, the same two operations take about four times as long
   * (docs/speed.md).
   */
  public static Operand<TFloat32> normalizePixels(Ops tf, Operand<TUint8> nhwc, int width) {
    float[] mean = Normalization.CLIP.mean();
    float[] std = Normalization.CLIP.std();
    float[] a = new float[3 * width];
    float[] b = new float[3 * width];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1f / (255f * std[i % 3]);
      b[i] = mean[i % 3] / std[i % 3];
    }
    Operand<TFloat32> rows = tf.reshape(tf.dtypes.cast(nhwc, TFloat32.class),
        tf.constant(new long[] {-1, 3L * width}));
    return tf.reshape(tf.math.sub(tf.math.mul(rows, tf.constant(a)), tf.constant(b)),
        tf.shape(nhwc));
  }

  /** Text features (unnormalized, after projection) of token ids {@code [n, length]}. */
  public Operand<TFloat32> textFeatures(Ops tf, Operand<? extends TNumber> tokens) {
    return new TextEncoder(config.text(), config.embedDim(), config.activation())
        .apply(tf, params, tokens, recompute);
  }

  /** L2-normalized rows ({@link Layers#l2Normalize}). */
  public static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> features) {
    return Layers.l2Normalize(tf, features);
  }

  /** The learned log temperature {@code logit_scale} (a scalar). */
  public Operand<TFloat32> logLogitScale(Ops tf) {
    return params.get(tf, ParamSpec.of("logit_scale", new Init.Constant(config.initLogitScale())));
  }

  /**
   * {@code exp(logit_scale) * normalize(image) @ normalize(text)^T}, {@code [n, m]}: the
   * reference's {@code logits_per_image} (unclamped, as the reference evaluates it; training
   * clamps the scale to {@code maxLogitScale}).
   */
  public Operand<TFloat32> logits(Ops tf, Operand<TFloat32> imageFeatures,
      Operand<TFloat32> textFeatures) {
    Operand<TFloat32> cos = tf.linalg.matMul(normalize(tf, imageFeatures),
        normalize(tf, textFeatures), org.tensorflow.op.linalg.MatMul.transposeB(true));
    return tf.math.mul(tf.math.exp(logLogitScale(tf)), cos);
  }
}
