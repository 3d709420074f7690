package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.model.ResNetConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * The reference {@code ModifiedResNet} under checkpoint prefix {@code visual}: a 3-convolution
 * stem with an average pool, four stages of anti-aliased bottlenecks ({@code layer1..layer4}),
 * and attention pooling ({@code attnpool}). Activations are NHWC.
 *
 * @param config architecture
 * @param embedDim joint embedding width
 * @param batchNorm inference (running statistics) or training (batch statistics) form
 * @param statistics what the training form records in the running statistics: its own batch's
 *     moments, or the global batch's in a data-parallel run
 */
public record ResNetEncoder(ResNetConfig config, int embedDim, BatchNormMode batchNorm,
    BatchStatistics statistics) {
  /** BatchNorm epsilon of the reference ({@code nn.BatchNorm2d} default). */
  public static final float BATCH_NORM_EPS = 1e-5f;
  /** BatchNorm momentum of the reference ({@code nn.BatchNorm2d} default). */
  public static final float MOMENTUM = 0.1f;
  /** Batch, height and width: the axes BatchNorm reduces over in NHWC. */
  private static final int[] AXES = {0, 1, 2};

  /** An encoder whose training-form BatchNorm records its own batch's statistics. */
  public ResNetEncoder(ResNetConfig config, int embedDim, BatchNormMode batchNorm) {
    this(config, embedDim, batchNorm, BatchStatistics.LOCAL);
  }

  /** Encodes NHWC float images (already normalized) into {@code [batch, embedDim]}. */
  public Operand<TFloat32> apply(Ops tf, Parameters p, Operand<TFloat32> nhwc) {
    return encode(tf, p, nhwc).features();
  }

  /** Both outputs: the attention pool's output before {@code c_proj}, and after it. */
  public ImageTower encode(Ops tf, Parameters p, Operand<TFloat32> nhwc) {
    return encode(tf, p, nhwc, Recomputation.off());
  }

  /**
   * As {@link #encode(Ops, Parameters, Operand)}, the first three stages cut by {@code
   * recompute} (the last stage's activations are needed at once, so it is not cut). A stage
   * rebuilt in the backward pass recomputes its BatchNorm batch statistics from the same input,
   * so its gradients are exact; only the forward build declares the running-statistics updates.
   */
  public ImageTower encode(Ops tf, Parameters p, Operand<TFloat32> nhwc,
      Recomputation recompute) {
    Ops s = tf.withSubScope("visual");
    int w = config.width();
    Operand<TFloat32> x = s.pad(nhwc, s.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}),
        s.constant(0f));
    x = s.nn.relu(convBn(s, p, "visual.conv1", "visual.bn1", x, 3, 3, w / 2, 2, "VALID", false));
    x = s.nn.relu(convBn(s, p, "visual.conv2", "visual.bn2", x, 3, w / 2, w / 2, 1, "SAME",
        false));
    x = s.nn.relu(convBn(s, p, "visual.conv3", "visual.bn3", x, 3, w / 2, w, 1, "SAME", false));
    x = avgPool(s, x, 2); // [batch, size / 4, size / 4, width]
    x = recompute.start(s, x);
    for (int stage = 0; stage < 4; stage++) {
      int index = stage;
      Ops st = s.withSubScope("layer" + (stage + 1));
      if (stage == 3) {
        x = stage(st, p, index, x);
        continue;
      }
      Parameters[] reads = {p};
      x = recompute.cut(st, x, (o, in) -> {
        Operand<TFloat32> y = stage(o, reads[0], index, in);
        reads[0] = readOnly(p); // a rebuild must not declare the statistics updates again
        return y;
      });
    }
    return new AttentionPool(config, embedDim).encode(s, p, x);
  }

  /** Stage {@code stage} (0-based) of bottlenecks, in scope {@code visual/layer<stage + 1>}. */
  private Operand<TFloat32> stage(Ops st, Parameters p, int stage, Operand<TFloat32> x) {
    int w = config.width();
    int planes = w << stage;
    int inplanes = stage == 0 ? w : planes * 2; // the previous stage's output width
    String name = "visual.layer" + (stage + 1);
    Ops[] scopes = new Ops[config.layers().get(stage)];
    for (int b = 0; b < scopes.length; b++) {
      scopes[b] = st.withSubScope(Integer.toString(b)); // before the blocks grow the graph
    }
    for (int b = 0; b < scopes.length; b++) {
      int stride = (stage > 0 && b == 0) ? 2 : 1;
      x = bottleneck(scopes[b], p, name + "." + b, x, inplanes, planes, stride);
      inplanes = planes * 4;
    }
    return x;
  }

  /** {@code p} without state updates: reads the same weights, declares nothing. */
  private static Parameters readOnly(Parameters p) {
    return new ReadOnly(p);
  }

  /**
   * The parameters of a stage rebuilt for recomputation: the same weights, and no running
   * statistics (neither their update nor, in a data-parallel run, the collectives behind it).
   */
  private record ReadOnly(Parameters inner) implements Parameters {
    @Override
    public Operand<TFloat32> get(Ops tf, ParamSpec spec) {
      return inner.get(tf, spec);
    }

    @Override
    public void update(Ops tf, ParamSpec spec,
        java.util.function.UnaryOperator<Operand<TFloat32>> next) {
      // the forward build declared this update; the rebuilt stage only reads
    }
  }

  private Operand<TFloat32> bottleneck(Ops tf, Parameters p, String name, Operand<TFloat32> x,
      int inplanes, int planes, int stride) {
    Operand<TFloat32> h = tf.nn.relu(convBn(tf, p, name + ".conv1", name + ".bn1", x, 1,
        inplanes, planes, 1, "SAME", false));
    h = tf.nn.relu(convBn(tf, p, name + ".conv2", name + ".bn2", h, 3, planes, planes, 1,
        "SAME", false));
    if (stride > 1) {
      h = avgPool(tf, h, stride); // anti-aliased stride: pool before the 1x1 convolution
    }
    h = convBn(tf, p, name + ".conv3", name + ".bn3", h, 1, planes, planes * 4, 1, "SAME",
        true);
    Operand<TFloat32> identity = x;
    if (stride > 1 || inplanes != planes * 4) {
      Ops d = tf;
      Operand<TFloat32> pooled = stride > 1 ? avgPool(d, x, stride) : x;
      identity = convBn(d, p, name + ".downsample.0", name + ".downsample.1", pooled, 1,
          inplanes, planes * 4, 1, "SAME", false);
    }
    return tf.nn.relu(tf.math.add(h, identity));
  }

  /**
   * A bias-free convolution followed by BatchNorm; {@code zeroGain} gives the BatchNorm gain the
   * reference's zero initialization (last BatchNorm of each bottleneck, the one whose output is
   * added to the residual, which also decides the inference form below). The convolution's output
   * is the operation {@code <scope>/<conv leaf>} ({@code visual/layer1/0/conv2},
   * {@code visual/layer2/0/downsample_0}), so tests can fetch the activations BatchNorm sees.
   */
  private Operand<TFloat32> convBn(Ops tf, Parameters p, String conv, String bn,
      Operand<TFloat32> x, int k, int in, int out, int stride, String padding, boolean zeroGain) {
    Operand<TFloat32> kernel = p.get(tf, new ParamSpec(conv + ".weight",
        Shape.of(k, k, in, out), Init.fanIn((long) in * k * k), Layout.CONV));
    Operand<TFloat32> gain = p.get(tf, ParamSpec.of(bn + ".weight",
        zeroGain ? Init.zeros() : Init.ones(), out));
    Operand<TFloat32> shift = p.get(tf, ParamSpec.of(bn + ".bias", Init.zeros(), out));
    ParamSpec runningMean = ParamSpec.state(bn + ".running_mean", Init.zeros(), out);
    ParamSpec runningVar = ParamSpec.state(bn + ".running_var", Init.ones(), out);
    ParamSpec tracked = ParamSpec.state(bn + ".num_batches_tracked", Init.zeros());
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    if (batchNorm == BatchNormMode.BATCH_STATISTICS) {
      Operand<TFloat32> y = tf.withName(opName(conv)).nn.conv2d(x, kernel, strides, padding);
      Operand<TFloat32> mean = tf.math.mean(y, tf.constant(AXES)); // [out]
      Operand<TFloat32> var = tf.math.mean(tf.math.squaredDifference(y, mean),
          tf.constant(AXES)); // [out], biased: what the batch is normalized with
      if (!(p instanceof ReadOnly)) {
        updateRunningStatistics(tf, p, y, mean, var, runningMean, runningVar, tracked, out);
      }
      Operand<TFloat32> scale =
          tf.math.mul(gain, tf.math.rsqrt(tf.math.add(var, tf.constant(BATCH_NORM_EPS))));
      return tf.nn.biasAdd(tf.math.mul(tf.math.sub(y, mean), scale), shift);
    }
    Operand<TFloat32> mean = p.get(tf, runningMean);
    Operand<TFloat32> var = p.get(tf, runningVar);
    p.get(tf, tracked); // part of the state dict; inference does not read it
    if (zeroGain) {
      // The bottleneck's last convolution, whose output meets the residual: as a scaled kernel
      // plus BiasAdd, grappler fuses convolution, BiasAdd, the residual Add and the Relu into one
      // oneDNN kernel (a FusedBatchNorm here would leave Add and Relu as two more passes).
      Operand<TFloat32> scale = tf.math.mul(gain,
          tf.math.rsqrt(tf.math.add(var, tf.constant(BATCH_NORM_EPS)))); // [out]
      Operand<TFloat32> bias = tf.math.sub(shift, tf.math.mul(mean, scale));
      Operand<TFloat32> folded = tf.math.mul(kernel, scale); // scales output channels
      return tf.nn.biasAdd(tf.nn.conv2d(x, folded, strides, padding), bias);
    }
    // Elsewhere inference-form FusedBatchNormV3 right after the convolution: grappler fuses
    // Conv2D + FusedBatchNorm (+ the caller's Relu) into one oneDNN convolution that applies the
    // running statistics per output channel, with no pass over the kernel every call.
    Operand<TFloat32> y = tf.nn.conv2d(x, kernel, strides, padding);
    return tf.nn.fusedBatchNorm(y, gain, shift, mean, var,
        FusedBatchNorm.epsilon(BATCH_NORM_EPS), FusedBatchNorm.dataFormat("NHWC"),
        FusedBatchNorm.isTraining(false)).y();
  }

  /**
   * PyTorch's {@code BatchNorm2d} bookkeeping in training mode (momentum 0.1):
   * {@code running = 0.9 running + 0.1 batch}, where the batch variance of the running estimate
   * is the unbiased one ({@code n / (n - 1)} times the biased variance that normalizes the
   * batch, {@code n} values per channel), and {@code num_batches_tracked} counts the steps.
   * With a single value per channel (PyTorch refuses such a batch) the biased variance is kept.
   * The moments recorded are those {@link #statistics} gives for the batch's.
   */
  private void updateRunningStatistics(Ops tf, Parameters p, Operand<TFloat32> y,
      Operand<TFloat32> localMean, Operand<TFloat32> localVar, ParamSpec runningMean,
      ParamSpec runningVar, ParamSpec tracked, int channels) {
    BatchStatistics.Moments m = statistics.combine(tf, new BatchStatistics.Moments(localMean,
        localVar, tf.dtypes.cast(tf.math.div(tf.size(y), tf.constant(channels)),
        TFloat32.class))); // values per channel: batch * height * width
    Operand<TFloat32> mean = m.mean();
    Operand<TFloat32> var = m.variance();
    Operand<TFloat32> n = m.count();
    Operand<TFloat32> unbiased = tf.math.mul(var,
        tf.math.div(n, tf.math.maximum(tf.math.sub(n, tf.constant(1f)), tf.constant(1f))));
    Operand<TFloat32> keep = tf.constant(1f - MOMENTUM);
    Operand<TFloat32> take = tf.constant(MOMENTUM);
    p.update(tf, runningMean, r -> tf.math.add(tf.math.mul(r, keep), tf.math.mul(mean, take)));
    p.update(tf, runningVar,
        r -> tf.math.add(tf.math.mul(r, keep), tf.math.mul(unbiased, take)));
    p.update(tf, tracked, c -> tf.math.add(c, tf.constant(1f)));
  }

  /** The graph name of a convolution relative to its block scope: {@code downsample_0}. */
  private static String opName(String conv) {
    return conv.replaceFirst("^visual\\.(layer\\d+\\.\\d+\\.)?", "").replace('.', '_');
  }

  private static Operand<TFloat32> avgPool(Ops tf, Operand<TFloat32> x, int k) {
    return tf.nn.avgPool(x, List.of(1L, (long) k, (long) k, 1L), List.of(1L, (long) k, (long) k,
        1L), "VALID");
  }

  /** Spatial mean of NHWC activations, kept for the attention pool's query token. */
  static Operand<TFloat32> spatialMean(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(1), Mean.keepDims(true));
  }
}
