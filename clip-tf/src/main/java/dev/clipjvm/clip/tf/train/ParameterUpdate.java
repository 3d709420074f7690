package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.train.AdamWConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The end of every training step, whatever computed its gradients: the global gradient norm,
 * optional clipping, AdamW, the logit-scale clamp to {@code [0, ln(maxLogitScale)]} after the
 * update, and the model's state updates (BatchNorm running statistics) in the same run.
 *
 * @param gradNorm global L2 norm of the gradients before clipping
 * @param train runs update, clamp and state updates
 */
record ParameterUpdate(Operand<TFloat32> gradNorm, Op train) {

  /**
   * Builds the update of {@code trained} from {@code grads} (same order).
   *
   * @param stateUpdates assignments run with the update (may be empty)
   */
  static ParameterUpdate build(Ops tf, List<Parameter> trained, List<Operand<TFloat32>> grads,
      Variable<TFloat32> logitScale, double maxLogitScale, AdamWConfig optimizer,
      double gradClipNorm, Operand<TFloat32> lr, Operand<TFloat32> step, List<Op> stateUpdates) {
    Operand<TFloat32> norm = GradientClipping.globalNorm(tf, grads);
    List<Operand<TFloat32>> applied =
        gradClipNorm > 0 ? GradientClipping.clip(tf, grads, norm, gradClipNorm) : grads;
    AdamW.Update update = AdamW.build(tf, trained, applied, optimizer, lr, step);
    // The clamp reads the scale inside the control dependency, i.e. after the update wrote it.
    Ops after = tf.withControlDependencies(update.apply());
    Op clamp = after.withName("clamp_logit_scale").assign(logitScale, after.clipByValue(
        logitScale, after.constant(0f), after.constant((float) Math.log(maxLogitScale))));
    List<Op> targets = new ArrayList<>(List.of(clamp));
    targets.addAll(stateUpdates);
    Op train = tf.withControlDependencies(targets).withName("train").noOp();
    return new ParameterUpdate(tf.withName("grad_norm").identity(norm), train);
  }
}
