package dev.clipjvm.clip.tf.model;

import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.cost.ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * One parameter the graph needs: its OpenAI checkpoint name (for example
 * {@code visual.transformer.resblocks.3.attn.in_proj_weight}), its shape in the graph's layout,
 * its reference initialization, how the graph layout maps to the checkpoint layout, and whether
 * an optimizer updates it (BatchNorm running statistics are state, not trainable weights).
 *
 * @param name OpenAI / open_clip state-dict name
 * @param shape shape in the graph layout (see {@link Layout})
 * @param init reference initialization for training from scratch
 * @param layout relation between graph and checkpoint layouts
 * @param trainable whether gradients and weight decay apply
 */
public record ParamSpec(String name, Shape shape, Init init, Layout layout, boolean trainable) {

  /** Validates the fields. */
  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(layout, "layout");
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException(name + ": shape " + shape + " must be fully known");
    }
    if (layout == Layout.LINEAR && shape.numDimensions() != 2) {
      throw new IllegalArgumentException(name + ": a LINEAR parameter must have rank 2");
    }
    if (layout == Layout.CONV && shape.numDimensions() != 4) {
      throw new IllegalArgumentException(name + ": a CONV parameter must have rank 4");
    }
  }

  /** A trainable parameter. */
  public ParamSpec(String name, Shape shape, Init init, Layout layout) {
    this(name, shape, init, layout, true);
  }

  /** A trainable parameter whose checkpoint layout equals its graph layout. */
  public static ParamSpec of(String name, Init init, long... dims) {
    return new ParamSpec(name, Shape.of(dims), init, Layout.AS_IS, true);
  }

  /** Non-trainable state (BatchNorm running statistics) in checkpoint layout. */
  public static ParamSpec state(String name, Init init, long... dims) {
    return new ParamSpec(name, Shape.of(dims), init, Layout.AS_IS, false);
  }

  /** The shape this parameter has in a PyTorch checkpoint. */
  public long[] checkpointShape() {
    long[] d = shape.asArray();
    return switch (layout) {
      case AS_IS -> d;
      case LINEAR -> new long[] {d[1], d[0]};
      case CONV -> new long[] {d[3], d[2], d[0], d[1]};
    };
  }

  /**
   * This parameter as an entry of clip-api's {@link ParameterManifest}: OpenAI name, PyTorch
   * shape, a buffer when not trainable. The builders' specs equal the manifest's entries for
   * every preset (tested), so checkpoints are checked against the manifest alone.
   */
  public ParameterSpec checkpointSpec() {
    return new ParameterSpec(name, checkpointShape(), !trainable);
  }

  /** Number of elements. */
  public long size() {
    return shape.size();
  }

  /** True for weights that AdamW decays (trainable, rank >= 2: matrices, kernels, embeddings). */
  public boolean decays() {
    return trainable && shape.numDimensions() >= 2;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape.asArray());
  }
}
