package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.model.BatchNormMode;
import dev.clipjvm.clip.tf.model.BatchStatistics;
import dev.clipjvm.clip.tf.model.ClipGraph;
import dev.clipjvm.clip.tf.model.Recomputation;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The CLIP model of a {@link ClipConfig} as trainable {@link Towers}: the project's graph builder
 * ({@link ClipGraph}) over {@link VariableParameters}, ModifiedResNet BatchNorm in batch-statistics
 * form with PyTorch's running-statistics updates; evaluation, and training with a locked image
 * tower, read the running statistics through an inference-form image encoder over the same
 * variables ({@link #encodeImagesForEvaluation}). Variables are named by OpenAI
 * checkpoint names, so {@link VariableParameters#initialize} takes either the reference
 * initialization or an imported checkpoint.
 *
 * <p>Precision {@link Precision#BF16_MIXED}: every parameter read is rounded to bfloat16 (FP32
 * master weights; loss, gradients and optimizer in FP32). The encoders are typed float32, so the
 * arithmetic itself stays float32: this models bfloat16 weight precision, it does not speed up.
 */
public final class ClipTowers implements Towers {
  private final ClipConfig config;
  private final VariableParameters params;
  private final ClipGraph clip;
  private final Recomputation recompute;

  /** Towers of {@code config} in {@code graph}, without recomputation. */
  public ClipTowers(Graph graph, ClipConfig config, Precision precision) {
    this(graph, config, precision, false);
  }

  /**
   * Towers of {@code config} in {@code graph}.
   *
   * @param recompute recompute each Transformer block's activations in the backward pass
   *     ({@link Recomputation}) instead of keeping them from the forward pass
   */
  public ClipTowers(Graph graph, ClipConfig config, Precision precision, boolean recompute) {
    this(graph, config, precision, recompute, BatchStatistics.LOCAL);
  }

  /**
   * Towers of {@code config} in {@code graph} whose ModifiedResNet BatchNorm records {@code
   * statistics} in its running averages (a data-parallel worker: the global batch's).
   */
  public ClipTowers(Graph graph, ClipConfig config, Precision precision, boolean recompute,
      BatchStatistics statistics) {
    this.config = config;
    this.params = new VariableParameters(graph, reader(precision));
    this.recompute = recompute ? Recomputation.perBlock() : Recomputation.off();
    this.clip = new ClipGraph(config, params, BatchNormMode.BATCH_STATISTICS, this.recompute,
        statistics);
  }

  private static BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> reader(Precision p) {
    return switch (p) {
      case FP32 -> (tf, x) -> x;
      case BF16_MIXED -> (tf, x) -> tf.dtypes.cast(tf.dtypes.cast(x, TBfloat16.class),
          TFloat32.class);
    };
  }

  /** The model configuration. */
  public ClipConfig config() {
    return config;
  }

  /** The parameter store (for initialization from a seed or a checkpoint). */
  public VariableParameters variables() {
    return params;
  }

  /** The graph builder over these parameters. */
  public ClipGraph clip() {
    return clip;
  }

  @Override
  public Operand<TFloat32> encodeImages(Ops tf, Operand<TUint8> images) {
    return clip.imageFeaturesFromPixels(tf, images);
  }

  @Override
  public Optional<Operand<TFloat32>> encodeImagesForEvaluation(Ops tf, Operand<TUint8> images) {
    if (!(config.vision() instanceof dev.clipjvm.clip.api.model.ResNetConfig)) {
      return Optional.empty(); // a ViT has no train/inference difference
    }
    return Optional.of(new ClipGraph(config, params, BatchNormMode.INFERENCE)
        .imageFeaturesFromPixels(tf, images));
  }

  @Override
  public Operand<TFloat32> encodeTexts(Ops tf, Operand<TInt32> tokens) {
    return clip.textFeatures(tf, tokens);
  }

  @Override
  public Variable<TFloat32> logitScale(Ops tf) {
    clip.logLogitScale(tf);
    return params.variables().get(TrainGraph.LOGIT_SCALE);
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> out = new ArrayList<>();
    params.trainable().forEach((name, v) -> out.add(new Parameter(name, v)));
    return out;
  }

  @Override
  public Output<?>[] gradients(Graph graph, String prefix, Output<?>[] ys, Output<?>[] xs,
      Output<?>[] dys) {
    return recompute.gradients(graph, prefix, ys, xs, dys);
  }

  @Override
  public List<Op> stateUpdates() {
    return List.copyOf(params.stateUpdates().values());
  }
}
