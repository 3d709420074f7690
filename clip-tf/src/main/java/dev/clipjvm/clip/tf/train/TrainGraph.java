package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.tf.distributed.Collectives;
import dev.clipjvm.clip.tf.distributed.DataParallelLoss;
import dev.clipjvm.clip.tf.model.ClipGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The training graph of one worker: placeholders for a batch, the learning rate and the step;
 * the two towers; normalized features; and a {@link TrainingStep} that computes the contrastive
 * loss (sharded, {@link DataParallelLoss}, in a data-parallel run), its gradients as an explicit
 * list (all-reduced across workers in a data-parallel run) and the {@link ParameterUpdate}
 * (clipping, AdamW, the logit-scale clamp, the model's state updates). {@link StepStrategy}
 * chooses the step: whole-batch passes, the gradient cache, or one worker of a data-parallel run.
 *
 * <p>The same graph serves evaluation: fetching {@link #evalImageFeatures()} for fed images (or
 * {@link #textFeatures()} for fed tokens) runs only that tower, in inference form.
 *
 * @param graph the graph (owned by the caller)
 * @param images uint8 images [b, h, w, 3]
 * @param tokens token ids [b, length]
 * @param lr learning rate of the step
 * @param step 1-based step as a float (AdamW bias correction)
 * @param imageFeatures normalized image features [b, embed] as training computes them
 * @param evalImageFeatures normalized image features [b, embed] in inference form (BatchNorm
 *     with running statistics); the same operand as {@code imageFeatures} for a ViT
 * @param textFeatures normalized text features [b, embed]
 * @param logitScale the log temperature variable
 * @param trainingStep how a step computes and applies the update ({@link StepStrategy})
 * @param parameters every trainable model parameter, the logit scale included
 * @param trained the parameters that receive updates
 */
public record TrainGraph(Graph graph, Placeholder<TUint8> images, Placeholder<TInt32> tokens,
    Placeholder<TFloat32> lr, Placeholder<TFloat32> step, Operand<TFloat32> imageFeatures,
    Operand<TFloat32> evalImageFeatures, Operand<TFloat32> textFeatures,
    Variable<TFloat32> logitScale, TrainingStep trainingStep,
    List<Parameter> parameters, List<Parameter> trained) {

  /** Checkpoint name of the log temperature. */
  public static final String LOGIT_SCALE = "logit_scale";

  /**
   * Builds the graph in {@code graph}.
   *
   * @param towers builds the towers (and their variables, logit scale included) in the graph
   * @param maxLogitScale the scale is clamped to at most this (paper: 100)
   * @param optimizer AdamW settings
   * @param gradClipNorm global-norm clipping threshold; 0 = off
   * @param frozen tower kept fixed, if any
   */
  public static TrainGraph build(Graph graph, Function<Ops, Towers> towers,
      double maxLogitScale, AdamWConfig optimizer, double gradClipNorm, FrozenTower frozen) {
    return build(graph, towers, maxLogitScale, optimizer, gradClipNorm, frozen,
        new StepStrategy.FullBatch());
  }

  /**
   * Builds the graph of one worker of a data-parallel run ({@code dataParallel} present) or of
   * a single process (empty). A worker feeds its share of the global batch; its loss is the
   * global batch's loss and the applied gradients are the single-process gradients (see {@link
   * DataParallelLoss}).
   */
  public static TrainGraph build(Graph graph, Function<Ops, Towers> towers,
      double maxLogitScale, AdamWConfig optimizer, double gradClipNorm, FrozenTower frozen,
      Optional<Collectives> dataParallel) {
    return build(graph, towers, maxLogitScale, optimizer, gradClipNorm, frozen,
        dataParallel.<StepStrategy>map(StepStrategy.DataParallel::new)
            .orElseGet(StepStrategy.FullBatch::new));
  }

  /**
   * Builds the graph in {@code graph} with the training step of {@code strategy}.
   *
   * @param towers builds the towers (and their variables, logit scale included) in the graph
   * @param maxLogitScale the scale is clamped to at most this (paper: 100)
   * @param optimizer AdamW settings
   * @param gradClipNorm global-norm clipping threshold; 0 = off
   * @param frozen tower kept fixed, if any
   * @param strategy whole-batch passes, the gradient cache, or a data-parallel worker
   * @throws IllegalArgumentException for the gradient cache over a model with BatchNorm
   *     statistics updates (a ModifiedResNet image tower in training form)
   */
  public static TrainGraph build(Graph graph, Function<Ops, Towers> towers,
      double maxLogitScale, AdamWConfig optimizer, double gradClipNorm, FrozenTower frozen,
      StepStrategy strategy) {
    Ops tf = Ops.create(graph);
    Placeholder<TUint8> images = tf.withName("images").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(-1, -1, -1, 3)));
    Placeholder<TInt32> tokens = tf.withName("tokens").placeholder(TInt32.class,
        Placeholder.shape(Shape.of(-1, -1)));
    Placeholder<TFloat32> lr = tf.withName("lr").placeholder(TFloat32.class,
        Placeholder.shape(Shape.scalar()));
    Placeholder<TFloat32> step = tf.withName("step").placeholder(TFloat32.class,
        Placeholder.shape(Shape.scalar()));
    Towers model = towers.apply(tf);
    // A locked image tower runs in inference form (a ModifiedResNet's BatchNorm reads its
    // running statistics and leaves them alone), so its features are the pretrained ones;
    // otherwise the training form (built first: it owns the "visual" scope), plus the
    // inference form for evaluation when the two differ.
    Operand<TFloat32> imageRaw;
    Optional<Operand<TFloat32>> inferenceForm;
    if (frozen == FrozenTower.IMAGE) {
      inferenceForm = model.encodeImagesForEvaluation(tf, images);
      imageRaw = inferenceForm.orElseGet(() -> model.encodeImages(tf, images));
    } else {
      imageRaw = model.encodeImages(tf, images);
      inferenceForm = model.encodeImagesForEvaluation(tf, images);
    }
    Operand<TFloat32> textRaw = model.encodeTexts(tf, tokens);
    if (frozen == FrozenTower.IMAGE) {
      imageRaw = tf.stopGradient(imageRaw);
    } else if (frozen == FrozenTower.TEXT) {
      textRaw = tf.stopGradient(textRaw);
    }
    Operand<TFloat32> imageFeatures =
        tf.withName("image_features").identity(ClipGraph.normalize(tf, imageRaw));
    Operand<TFloat32> textFeatures =
        tf.withName("text_features").identity(ClipGraph.normalize(tf, textRaw));
    Operand<TFloat32> evalImageFeatures = frozen == FrozenTower.IMAGE ? imageFeatures
        : inferenceForm.map(raw -> (Operand<TFloat32>) tf.withName("eval_image_features")
            .identity(ClipGraph.normalize(tf, raw))).orElse(imageFeatures);
    Variable<TFloat32> logitScale = model.logitScale(tf);
    List<Parameter> all = model.parameters();
    List<Parameter> trained = new ArrayList<>();
    for (Parameter p : all) {
      if (!freezes(frozen, p)) {
        trained.add(p);
      }
    }
    // State updates: none from a locked image tower (inference form).
    StepInputs in = new StepInputs(graph, model, images, tokens, lr, step, imageFeatures,
        textFeatures, logitScale, List.copyOf(trained), List.copyOf(model.stateUpdates()),
        frozen, maxLogitScale, optimizer, gradClipNorm);
    TrainingStep trainingStep;
    if (strategy instanceof StepStrategy.GradientCache c) {
      trainingStep = GradientCacheStep.build(tf, in, c.microBatchSize(), c.lossBlock());
    } else if (strategy instanceof StepStrategy.DataParallel d) {
      trainingStep = FullBatchStep.build(tf, in, Optional.of(d.collectives()));
    } else {
      trainingStep = FullBatchStep.build(tf, in, Optional.empty());
    }
    return new TrainGraph(graph, images, tokens, lr, step, imageFeatures, evalImageFeatures,
        textFeatures, logitScale, trainingStep, List.copyOf(all),
        List.copyOf(trained));
  }

  /**
   * Runs one training step (update, clamp and state updates) in {@code session} with this
   * graph's {@link TrainingStep}.
   *
   * @param step 1-based step number (AdamW bias correction)
   */
  public StepResult run(Session session, TUint8 imageBatch, TInt32 tokenBatch,
      double learningRate, long step) {
    return trainingStep.run(session, imageBatch, tokenBatch, learningRate, step);
  }

  private static boolean freezes(FrozenTower frozen, Parameter p) {
    return switch (frozen) {
      case NONE -> false;
      case IMAGE -> Towers.isImageParameter(p);
      case TEXT -> !Towers.isImageParameter(p) && !p.name().equals(LOGIT_SCALE);
    };
  }

  /** d loss / d parameter for each parameter, as an explicit list. */
  @SuppressWarnings("unchecked")
  static List<Operand<TFloat32>> gradients(
      Graph graph, Operand<TFloat32> loss, List<Parameter> params) {
    Output<?>[] xs = new Output<?>[params.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = params.get(i).variable().asOutput();
    }
    Output<?>[] dys = graph.addGradients(loss.asOutput(), xs);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < dys.length; i++) {
      if (dys[i] == null) {
        throw new IllegalStateException(
            "parameter " + params.get(i).name() + " does not affect the loss (no gradient)");
      }
      out.add((Output<TFloat32>) dys[i]);
    }
    return out;
  }
}
