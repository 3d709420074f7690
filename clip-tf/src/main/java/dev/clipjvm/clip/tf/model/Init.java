package dev.clipjvm.clip.tf.model;

/**
 * The reference initialization of one parameter (OpenAI {@code CLIP.initialize_parameters} and
 * PyTorch's module defaults), used when a model is trained from scratch.
 */
public sealed interface Init {

  /** Normal with mean 0 and standard deviation {@code std}. */
  record Normal(double std) implements Init {
    /** Requires a positive finite standard deviation. */
    public Normal {
      if (!(std > 0) || !Double.isFinite(std)) {
        throw new IllegalArgumentException("std " + std + " must be positive and finite");
      }
    }
  }

  /** Uniform on {@code [-bound, bound]} (PyTorch's default for Linear and Conv2d). */
  record Uniform(double bound) implements Init {
    /** Requires a positive finite bound. */
    public Uniform {
      if (!(bound > 0) || !Double.isFinite(bound)) {
        throw new IllegalArgumentException("bound " + bound + " must be positive and finite");
      }
    }
  }

  /** Every element equal to {@code value}. */
  record Constant(double value) implements Init {}

  /** All zeros (biases, LayerNorm shifts, the zero-initialized last BatchNorm gain). */
  static Init zeros() {
    return new Constant(0);
  }

  /** All ones (LayerNorm and BatchNorm gains, running variances). */
  static Init ones() {
    return new Constant(1);
  }

  /** PyTorch's default for Linear and Conv2d weights and biases: U(-1/sqrt(fanIn), ...). */
  static Init fanIn(long fanIn) {
    return new Uniform(1 / Math.sqrt(fanIn));
  }
}
