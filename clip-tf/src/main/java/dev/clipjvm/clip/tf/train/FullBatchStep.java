package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.tf.distributed.Collectives;
import dev.clipjvm.clip.tf.distributed.DataParallelLoss;
import java.util.List;
import java.util.Optional;
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

  /**
   * Builds the loss, the gradients and the update in {@code in.graph()}; with {@code
   * dataParallel} the loss is the gathered global batch's ({@link DataParallelLoss#loss}) and the
   * gradients are all-reduced across the workers before clipping.
   */
  static FullBatchStep build(Ops tf, StepInputs in, Optional<Collectives> dataParallel) {
    Operand<TFloat32> loss = tf.withName("loss").identity(dataParallel
        .map(c -> DataParallelLoss.loss(tf, c, in.imageFeatures(), in.textFeatures(),
            in.logitScale(), in.stateUpdates()))
        .orElseGet(() -> ContrastiveLoss.loss(tf, in.imageFeatures(), in.textFeatures(),
            in.logitScale())));
    List<Operand<TFloat32>> grads = in.gradients("loss_gradients",
        new Output<?>[] {loss.asOutput()}, in.trained(), null);
    if (dataParallel.isPresent()) {
      grads = DataParallelLoss.allReduce(tf, dataParallel.get(), in.trained(), grads);
    }
    ParameterUpdate update = in.update(tf, grads);
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
