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

  /**
   * A new tensor shaped {@code spec.shape()} (graph layout), or {@code spec.checkpointShape()}
   * when {@link #checkpointLayout()} is true.
   */
  TFloat32 value(ParamSpec spec);

  /**
   * True if {@link #value} returns PyTorch layouts; the graph then converts linear and
   * convolution weights with a TensorFlow transpose (multi-threaded native code) at assignment.
   */
  default boolean checkpointLayout() {
    return false;
  }
}
