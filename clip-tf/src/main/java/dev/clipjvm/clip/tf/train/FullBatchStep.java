package dev.clipjvm.clip.tf.train;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The plain step: one session run computes the loss over the whole batch, its gradients
 * ({@code Graph.addGradients}) and the update. Memory holds every activation of the batch.
 *
 * @param in the training graph's inputs
 * @param loss the scalar loss of the batch
 * @param gradNorm global gradient norm before clipping
 * @param train runs update, clamp and state updates
 */
record FullBatchStep(StepInputs in, Operand<TFloat32> loss, Operand<TFloat32> gradNorm, Op train)
    implements TrainingStep {

  /** Builds the loss, the gradients and the update in {@code in.graph()}. */
  static FullBatchStep build(Ops tf, StepInputs in) {
    Operand<TFloat32> loss = tf.withName("loss").identity(ContrastiveLoss.loss(
        tf, in.imageFeatures(), in.textFeatures(), in.logitScale()));
    ParameterUpdate update = in.update(tf, in.gradients("loss_gradients",
        new Output<?>[] {loss.asOutput()}, in.trained(), null));
    return new FullBatchStep(in, loss, update.gradNorm(), update.train());
  }

  @Override
  public StepResult run(Session session, TUint8 images, TInt32 tokens, double learningRate,
      long step) {
    try (TFloat32 lrT = TFloat32.scalarOf((float) learningRate);
        TFloat32 stepT = TFloat32.scalarOf((float) step);
        Result r = session.runner().feed(in.images(), images).feed(in.tokens(), tokens)
            .feed(in.lr(), lrT).feed(in.step(), stepT)
            .fetch(loss).fetch(gradNorm).fetch(in.logitScale())
            .addTarget(train).run()) {
      return new StepResult(((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat(),
          ((TFloat32) r.get(2)).getFloat());
    }
  }
}
