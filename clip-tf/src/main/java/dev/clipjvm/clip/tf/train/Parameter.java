package dev.clipjvm.clip.tf.train;

import java.util.Objects;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A trainable float32 variable and its checkpoint name.
 *
 * <p>Weight-decay rule: a parameter decays when its rank is at least 2 — linear weights,
 * projections, convolution kernels, and also the token and positional embedding tables (as in
 * open_clip, whose rule is "rank below 2, or a norm, bias or logit scale, is exempt"). Gains and
 * biases (rank 1), the ViT class embedding (rank 1) and the logit scale (rank 0) never decay;
 * paper section 2.5 exempts gains and biases.
 *
 * @param name checkpoint name, e.g. {@code visual/transformer/resblocks/0/attn/in_proj_weight}
 * @param variable the variable
 */
public record Parameter(String name, Variable<TFloat32> variable) {

  /** Rejects missing parts. */
  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(variable, "variable");
  }

  /** Rank of the variable. */
  public int rank() {
    return variable.shape().numDimensions();
  }

  /** Whether decoupled weight decay applies (rank at least 2). */
  public boolean decays() {
    return rank() >= 2;
  }
}
