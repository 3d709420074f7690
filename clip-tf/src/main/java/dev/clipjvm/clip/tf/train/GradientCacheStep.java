package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The gradient-cache step (Gao et al. 2021): the large-batch update computed in micro-batches,
 * so a step's activation memory is that of one micro-batch. For a batch of {@code B} pairs in
 * micro-batches of {@code m}:
 *
 * <ol>
 *   <li>embed: each micro-batch runs forward only, its normalized features copied into host
 *       tensors [B, embed]; the run frees the activations;
 *   <li>loss: the contrastive loss over all {@code B} pairs from the cached features, with its
 *       gradient with respect to every feature row and to the logit scale, computed in tiles
 *       ({@link BlockedContrastiveLoss}) so no {@code [B, B]} matrix is held;
 *   <li>backward: each micro-batch runs forward again and backward from its rows of the feature
 *       gradients ({@code Graph.addGradients(y, x, dy)}); its parameter gradients are added
 *       into accumulators;
 *   <li>update: the accumulated gradients go through the same {@link ParameterUpdate} as the
 *       plain step's.
 * </ol>
 *
 * <p>Since {@code dL/dw = sum over micro-batches of J_w(features)^T dL/dfeatures}, the update
 * equals the plain step's up to float summation order. The encoders must compute each row from
 * its own pair only: BatchNorm in training form does not (its statistics are per pass), so
 * {@link TrainGraph#build} rejects the cache when the model has state updates. The
 * accumulators are resource variables, which checkpoints ({@code Session.save}, VariableV2
 * only) do not store: they hold no state between steps.
 */
final class GradientCacheStep implements TrainingStep {
  private final StepInputs in;
  private final int microBatch;
  private final BlockedContrastiveLoss loss;
  private final Placeholder<TFloat32> scaleGradient;
  private final Op storeScaleGradient;
  private final Placeholder<TFloat32> imageUpstream;
  private final Placeholder<TFloat32> textUpstream;
  private final Op accumulateFirst;
  private final Op accumulate;
  private final ParameterUpdate update;

  private GradientCacheStep(StepInputs in, int microBatch, BlockedContrastiveLoss loss,
      Placeholder<TFloat32> scaleGradient, Op storeScaleGradient,
      Placeholder<TFloat32> imageUpstream, Placeholder<TFloat32> textUpstream,
      Op accumulateFirst, Op accumulate, ParameterUpdate update) {
    this.in = in;
    this.microBatch = microBatch;
    this.loss = loss;
    this.scaleGradient = scaleGradient;
    this.storeScaleGradient = storeScaleGradient;
    this.imageUpstream = imageUpstream;
    this.textUpstream = textUpstream;
    this.accumulateFirst = accumulateFirst;
    this.accumulate = accumulate;
    this.update = update;
  }

  /**
   * Builds the loss over cached features in tiles of {@code lossBlock} rows and columns, the
   * micro-batch backward and the update.
   */
  static GradientCacheStep build(Ops tf, StepInputs in, int microBatch, int lossBlock) {
    if (!in.stateUpdates().isEmpty()) {
      throw new IllegalArgumentException("micro-batch size " + microBatch + ": the model updates"
          + " BatchNorm statistics per pass (a ModifiedResNet image tower in training form), so"
          + " micro-batches would not give the large-batch step; use a ViT or a frozen image"
          + " tower");
    }
    Shape rows = Shape.of(-1, -1);
    BlockedContrastiveLoss loss = new BlockedContrastiveLoss(tf, in.logitScale(), lossBlock);
    Placeholder<TFloat32> scaleGradient = tf.withName("logit_scale_gradient")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Placeholder<TFloat32> imageUpstream = tf.withName("image_feature_gradients")
        .placeholder(TFloat32.class, Placeholder.shape(rows));
    Placeholder<TFloat32> textUpstream = tf.withName("text_feature_gradients")
        .placeholder(TFloat32.class, Placeholder.shape(rows));
    // A frozen tower's features are behind stopGradient: only the trained tower runs backward.
    List<Output<?>> ys = new ArrayList<>();
    List<Output<?>> dys = new ArrayList<>();
    if (in.frozen() != FrozenTower.IMAGE) {
      ys.add(in.imageFeatures().asOutput());
      dys.add(imageUpstream.asOutput());
    }
    if (in.frozen() != FrozenTower.TEXT) {
      ys.add(in.textFeatures().asOutput());
      dys.add(textUpstream.asOutput());
    }
    List<Parameter> encoders = new ArrayList<>();
    for (Parameter p : in.trained()) {
      if (p.variable() != in.logitScale()) {
        encoders.add(p);
      }
    }
    List<Operand<TFloat32>> partial = in.gradients("gradient_cache",
        ys.toArray(new Output<?>[0]), encoders, dys.toArray(new Output<?>[0]));

    List<Op> first = new ArrayList<>();
    List<Op> more = new ArrayList<>();
    List<Operand<TFloat32>> grads = new ArrayList<>();
    Op storeScale = null;
    int e = 0;
    for (Parameter p : in.trained()) {
      // An empty shared name would make every handle the same resource.
      Operand<?> acc = tf.varHandleOp(TFloat32.class, p.variable().shape(),
          VarHandleOp.sharedName("gradient_cache/" + p.name()));
      grads.add(tf.readVariableOp(acc, TFloat32.class));
      if (p.variable() == in.logitScale()) {
        storeScale = tf.assignVariableOp(acc, scaleGradient);
        continue;
      }
      Operand<TFloat32> g = partial.get(e);
      first.add(tf.assignVariableOp(acc, g));
      more.add(tf.assignAddVariableOp(acc, g));
      e++;
    }
    if (storeScale == null) {
      throw new IllegalStateException("the logit scale is not among the trained parameters");
    }
    return new GradientCacheStep(in, microBatch, loss, scaleGradient, storeScale,
        imageUpstream, textUpstream,
        tf.withControlDependencies(first).withName("accumulate_first").noOp(),
        tf.withControlDependencies(more).withName("accumulate").noOp(), in.update(tf, grads));
  }

  @Override
  public StepResult run(Session session, TUint8 images, TInt32 tokens, double learningRate,
      long step) {
    long batch = images.shape().get(0);
    if (batch % microBatch != 0 || tokens.shape().get(0) != batch) {
      throw new IllegalArgumentException("a batch of " + batch + " images and "
          + tokens.shape().get(0) + " token rows does not split into micro-batches of "
          + microBatch);
    }
    int count = Math.toIntExact(batch / microBatch);
    try (BlockedContrastiveLoss.Gradients lossGrads = lossOf(session, images, tokens, count);
        TFloat32 scaleGrad = TFloat32.scalarOf(lossGrads.logitScale());
        Result scaleRun = session.runner().feed(scaleGradient, scaleGrad)
            .fetch(in.logitScale()).addTarget(storeScaleGradient).run()) {
      TFloat32 imageGrad = lossGrads.images();
      TFloat32 textGrad = lossGrads.texts();
      for (int i = 0; i < count; i++) {
        long from = (long) i * microBatch;
        long to = from + microBatch;
        try (TUint8 mi = HostRows.rows(images, TUint8.class, from, to);
            TInt32 mt = HostRows.rows(tokens, TInt32.class, from, to);
            TFloat32 gi = HostRows.rows(imageGrad, TFloat32.class, from, to);
            TFloat32 gt = HostRows.rows(textGrad, TFloat32.class, from, to)) {
          session.runner().feed(in.images(), mi).feed(in.tokens(), mt)
              .feed(imageUpstream, gi).feed(textUpstream, gt)
              .addTarget(i == 0 ? accumulateFirst : accumulate).run().close();
        }
      }
      try (TFloat32 lrT = TFloat32.scalarOf((float) learningRate);
          TFloat32 stepT = TFloat32.scalarOf((float) step);
          Result r = session.runner().feed(in.lr(), lrT).feed(in.step(), stepT)
              .fetch(update.gradNorm()).addTarget(update.train()).run()) {
        return new StepResult(lossGrads.loss(), ((TFloat32) r.get(0)).getFloat(),
            ((TFloat32) scaleRun.get(0)).getFloat());
      }
    }
  }

  /** Embeds the micro-batches, then the loss and its feature gradients over the whole batch. */
  private BlockedContrastiveLoss.Gradients lossOf(Session session, TUint8 images, TInt32 tokens,
      int count) {
    try (HostRows features = HostRows.embed(session, in, images, tokens, microBatch, count)) {
      return loss.run(session, features.images(), features.texts());
    }
  }
}
