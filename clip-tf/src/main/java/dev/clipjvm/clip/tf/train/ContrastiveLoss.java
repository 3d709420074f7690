package dev.clipjvm.clip.tf.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Range;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The symmetric contrastive loss of CLIP (paper figure 3): cosine similarities of L2-normalized
 * features scaled by {@code exp(logit_scale)}; cross-entropy of each image against all texts and
 * of each text against all images, the true pair being the target; the mean of the two.
 *
 * <p>Written for sharded batches: a worker holds {@code n} local pairs and the {@code N}
 * features gathered from all workers, its local pairs sitting at rows {@code offset ..
 * offset + n - 1} of the gathered matrices. On one worker the gathered features are the local
 * ones and the offset is 0. Cross-entropy is {@code -sum(onehot * logSoftmax)}, which has a
 * gradient in every precision (the sparse op has none in TensorFlow Java).
 */
public final class ContrastiveLoss {
  private ContrastiveLoss() {}

  /**
   * Loss of one worker's local pairs against the gathered batch; all features already
   * normalized.
   *
   * @param imageLocal local image features [n, d]
   * @param textLocal local text features [n, d]
   * @param imageAll gathered image features [N, d]
   * @param textAll gathered text features [N, d]
   * @param offset row of the first local pair in the gathered batch, scalar
   * @param logitScale the log temperature, scalar
   * @return the scalar loss, averaged over the local pairs and the two directions
   */
  public static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> imageLocal,
      Operand<TFloat32> textLocal, Operand<TFloat32> imageAll, Operand<TFloat32> textAll,
      Operand<TInt32> offset, Operand<TFloat32> logitScale) {
    Operand<TFloat32> scale = tf.math.exp(logitScale);
    Operand<TFloat32> perImage = tf.math.mul(scale, tf.linalg.matMul(imageLocal, textAll,
        org.tensorflow.op.linalg.MatMul.transposeB(true))); // [n, N]
    Operand<TFloat32> perText = tf.math.mul(scale, tf.linalg.matMul(textLocal, imageAll,
        org.tensorflow.op.linalg.MatMul.transposeB(true))); // [n, N]
    Operand<TInt32> n = tf.gather(tf.shape(imageLocal), tf.constant(0), tf.constant(0));
    Operand<TInt32> total = tf.gather(tf.shape(imageAll), tf.constant(0), tf.constant(0));
    Range<TInt32> rows = tf.range(tf.constant(0), n, tf.constant(1)); // [n]
    Operand<TFloat32> targets = tf.stopGradient(tf.oneHot(tf.math.add(rows, offset), total,
        tf.constant(1f), tf.constant(0f))); // [n, N]
    return tf.math.mul(tf.constant(0.5f),
        tf.math.add(crossEntropy(tf, perImage, targets), crossEntropy(tf, perText, targets)));
  }

  /** Loss of a whole batch on one worker: the gathered features are the local ones. */
  public static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> images, Operand<TFloat32> texts,
      Operand<TFloat32> logitScale) {
    return loss(tf, images, texts, images, texts, tf.constant(0), logitScale);
  }

  /** Mean over rows of {@code -sum(targets * logSoftmax(logits))}. */
  private static Operand<TFloat32> crossEntropy(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
    Operand<TFloat32> perRow = tf.math.neg(tf.reduceSum(
        tf.math.mul(targets, tf.nn.logSoftmax(logits)), tf.constant(1))); // [n]
    return tf.math.mean(perRow, tf.constant(0));
  }
}
