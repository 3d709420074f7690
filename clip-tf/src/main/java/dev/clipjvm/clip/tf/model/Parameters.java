package dev.clipjvm.clip.tf.model;

import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where the encoders get their weights. The graph builders ({@link ClipGraph}) ask for each
 * parameter by its {@link ParamSpec}; an implementation decides whether it is a variable restored
 * from a checkpoint (inference) or a freshly initialized trainable variable (training), and may
 * cast it (a compute-precision hook). Asking twice for the same name must return the same
 * weights, so several graph entry points (float and uint8 images, different batch shapes) share
 * one set of variables.
 *
 * <p>Implementations: {@link dev.clipjvm.clip.tf.params.VariableParameters}.
 */
public interface Parameters {

  /** The value of parameter {@code spec}, shaped {@code spec.shape()} in the graph layout. */
  Operand<TFloat32> get(Ops tf, ParamSpec spec);

  /**
   * Declares how the non-trainable state {@code spec} (BatchNorm running statistics) changes in
   * a training step: {@code next} maps its current value (full precision, never the cast read
   * of {@link #get}) to the new one. The training step runs every declared update once.
   *
   * @throws IllegalArgumentException if {@code spec} is trainable (the optimizer owns those)
   */
  void update(Ops tf, ParamSpec spec, UnaryOperator<Operand<TFloat32>> next);
}
