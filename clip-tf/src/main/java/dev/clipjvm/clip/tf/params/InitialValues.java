package dev.clipjvm.clip.tf.params;

import dev.clipjvm.clip.tf.model.ParamSpec;
import org.tensorflow.types.TFloat32;

/**
 * The starting value of each parameter, in the graph layout of its {@link ParamSpec}: read from
 * a checkpoint or drawn from the reference initialization. The caller closes the tensor.
 * Implementations must be safe to call from several threads.
 */
@FunctionalInterface
public interface InitialValues {

  /** A new tensor shaped {@code spec.shape()}. */
  TFloat32 value(ParamSpec spec);
}
