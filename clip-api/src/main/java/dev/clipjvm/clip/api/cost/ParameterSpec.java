package dev.clipjvm.clip.api.cost;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a CLIP model's state dict, named as in OpenAI's checkpoints
 * ({@code visual.transformer.resblocks.0.attn.in_proj_weight}) with PyTorch's layout (Linear
 * weights {@code [out, in]}, convolution weights {@code [out, in, kh, kw]}).
 *
 * @param name OpenAI's state-dict key
 * @param shape dimensions; empty for a scalar
 * @param buffer true for BatchNorm running statistics and {@code num_batches_tracked}: saved in
 *     checkpoints but not trained and not counted as parameters
 */
public record ParameterSpec(String name, long[] shape, boolean buffer) {

  /** Copies the shape so the spec stays immutable. */
  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
  }

  /** A trainable parameter. */
  public static ParameterSpec parameter(String name, long... shape) {
    return new ParameterSpec(name, shape, false);
  }

  /** A buffer (not trained). */
  public static ParameterSpec buffer(String name, long... shape) {
    return new ParameterSpec(name, shape, true);
  }

  /** A copy of the dimensions. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a scalar). */
  public long count() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** True for tensors of the image tower (names under {@code visual.}). */
  public boolean image() {
    return name.startsWith("visual.");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec p
        && name.equals(p.name) && Arrays.equals(shape, p.shape) && buffer == p.buffer;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), buffer);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (buffer ? " (buffer)" : "");
  }
}
