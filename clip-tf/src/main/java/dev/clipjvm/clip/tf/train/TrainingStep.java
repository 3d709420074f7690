package dev.clipjvm.clip.tf.train;

import org.tensorflow.Session;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * How one optimizer step turns a batch into a parameter update inside a session: a single
 * forward and backward pass over the whole batch ({@link FullBatchStep}) or micro-batches with
 * the gradient cache ({@link GradientCacheStep}). {@link StepStrategy} chooses one from the
 * training configuration; every strategy ends in the same {@link ParameterUpdate}.
 */
public interface TrainingStep {

  /**
   * Runs one step: the update, the logit-scale clamp and the state updates.
   *
   * @param images uint8 images [batch, h, w, 3]
   * @param tokens token ids [batch, length]
   * @param learningRate learning rate of the step
   * @param step 1-based step number (AdamW bias correction)
   */
  StepResult run(Session session, TUint8 images, TInt32 tokens, double learningRate, long step);
}
