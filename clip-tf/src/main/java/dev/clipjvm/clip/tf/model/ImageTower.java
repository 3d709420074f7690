package dev.clipjvm.clip.tf.model;

import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The two outputs of an image encoder: the pooled features before the linear map into the joint
 * space, and the joint-space features after it.
 *
 * <p>{@code pooled} is what the paper's linear probes read (appendix A.3: "the features before
 * the linear projection to the embedding space", {@code I_f} of figure 3): for a ViT the
 * {@code ln_post} output of the class token ({@code [batch, width]}), for a ModifiedResNet the
 * attention pool's output before its {@code c_proj}, the ResNet's only linear map into the joint
 * space ({@code [batch, 32 * width]}).
 *
 * @param pooled features before the projection
 * @param features unnormalized joint-space features {@code [batch, embed]}
 */
public record ImageTower(Operand<TFloat32> pooled, Operand<TFloat32> features) {
  /** Checks that both outputs are present. */
  public ImageTower {
    Objects.requireNonNull(pooled, "pooled");
    Objects.requireNonNull(features, "features");
  }
}
