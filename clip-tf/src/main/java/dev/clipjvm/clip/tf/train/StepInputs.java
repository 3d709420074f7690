package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.train.AdamWConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * What a {@link TrainingStep} is built from: the model's part of the training graph as
 * {@link TrainGraph#build} made it, and the update's settings.
 *
 * @param graph the graph
 * @param towers the model (its {@link Towers#gradients} differentiate the encoders)
 * @param images uint8 images [b, h, w, 3]
 * @param tokens token ids [b, length]
 * @param lr learning rate of the step
 * @param step 1-based step as a float
 * @param imageFeatures normalized image features [b, embed] as training computes them
 * @param textFeatures normalized text features [b, embed]
 * @param logitScale the log temperature variable
 * @param trained the parameters that receive updates, the logit scale included
 * @param stateUpdates assignments of non-trainable state run with the update
 * @param frozen the tower kept fixed, if any (its features carry no gradient)
 * @param maxLogitScale the scale is clamped to at most this
 * @param optimizer AdamW settings
 * @param gradClipNorm global-norm clipping threshold; 0 = off
 */
record StepInputs(Graph graph, Towers towers, Placeholder<TUint8> images,
    Placeholder<TInt32> tokens, Placeholder<TFloat32> lr, Placeholder<TFloat32> step,
    Operand<TFloat32> imageFeatures, Operand<TFloat32> textFeatures,
    Variable<TFloat32> logitScale, List<Parameter> trained, List<Op> stateUpdates,
    FrozenTower frozen, double maxLogitScale, AdamWConfig optimizer, double gradClipNorm) {

  /**
   * {@code sum_i dys[i] . d ys[i] / d trained} for the given parameters ({@code dys} null:
   * ones), through the towers (which may recompute activations); fails for a parameter that
   * gets no gradient.
   */
  @SuppressWarnings("unchecked")
  List<Operand<TFloat32>> gradients(String prefix, Output<?>[] ys, List<Parameter> params,
      Output<?>[] dys) {
    Output<?>[] xs = new Output<?>[params.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = params.get(i).variable().asOutput();
    }
    Output<?>[] g = towers.gradients(graph, prefix, ys, xs, dys);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < g.length; i++) {
      if (g[i] == null) {
        throw new IllegalStateException(
            "parameter " + params.get(i).name() + " does not affect the loss (no gradient)");
      }
      out.add((Output<TFloat32>) g[i]);
    }
    return out;
  }

  /** The update of {@link #trained} from {@code grads} (same order). */
  ParameterUpdate update(Ops tf, List<Operand<TFloat32>> grads) {
    return ParameterUpdate.build(tf, trained, grads, logitScale, maxLogitScale, optimizer,
        gradClipNorm, lr, step, stateUpdates);
  }
}
