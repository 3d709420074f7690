package dev.clipjvm.clip.tf.train;

import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * What training needs from a model built in a graph: the two encoders (features before
 * normalization) and the parameters they read. Encoders may be called more than once; every
 * call shares the same parameters.
 */
public interface Towers {

  /** Image features [b, embed] of uint8 RGB images [b, height, width, 3]. */
  Operand<TFloat32> encodeImages(Ops tf, Operand<TUint8> images);

  /**
   * Image features [b, embed] in inference form, when it differs from the training form (a
   * ModifiedResNet's BatchNorm with running statistics); empty when the two are the same. Used
   * for evaluation, and for training when the image tower is locked.
   */
  default Optional<Operand<TFloat32>> encodeImagesForEvaluation(Ops tf, Operand<TUint8> images) {
    return Optional.empty();
  }

  /** Text features [b, embed] of token ids [b, length], each row holding an end-of-text token. */
  Operand<TFloat32> encodeTexts(Ops tf, Operand<TInt32> tokens);

  /** The log temperature {@code logit_scale}, a scalar variable (created on first call). */
  Variable<TFloat32> logitScale(Ops tf);

  /**
   * Every trainable parameter of both towers and the logit scale, in a stable order; called
   * after the encoders and the logit scale were built.
   */
  List<Parameter> parameters();

  /**
   * Assignments of non-trainable state the training step runs with the optimizer update
   * (BatchNorm running statistics); called after the encoders were built.
   */
  default List<Op> stateUpdates() {
    return List.of();
  }

  /**
   * {@code sum_i dys[i] . d ys[i] / d xs} over the towers' graph ({@code dys} null: ones);
   * entries of {@code xs} no {@code ys} depends on are null. Towers that recompute activations
   * in the backward pass override this; the default is {@code Graph.addGradients}.
   *
   * @param prefix name scope of the gradient ops, unique in the graph
   */
  default Output<?>[] gradients(Graph graph, String prefix, Output<?>[] ys, Output<?>[] xs,
      Output<?>[] dys) {
    return graph.addGradients(prefix, ys, xs, dys);
  }

  /**
   * Whether {@code p} belongs to the image tower: checkpoint names under {@code visual} (OpenAI
   * names with dots or graph scopes with slashes).
   */
  static boolean isImageParameter(Parameter p) {
    return p.name().startsWith("visual/") || p.name().startsWith("visual.");
  }
}
