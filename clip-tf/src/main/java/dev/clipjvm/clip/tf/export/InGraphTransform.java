package dev.clipjvm.clip.tf.export;

import dev.clipjvm.clip.tf.model.ClipGraph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * OpenAI's eval transform built from TensorFlow ops, for images that arrive as raw pixels: the
 * shorter side resized to {@code size} with a bicubic filter that widens when shrinking, the
 * centre {@code size x size} crop, then OpenAI's mean and std.
 *
 * <p>It follows the host-side {@code EvalTransform} (torchvision 0.14 with Pillow) step by step:
 * the long side is {@code int(size * long / short)}, the crop offsets round halves to even, and
 * the resampling runs as Pillow does, horizontally then vertically with Keys' cubic kernel
 * ({@code a = -0.5}, TensorFlow's {@code keyscubic}) widened by the downscale factor
 * ({@code ScaleAndTranslate} with antialias), rounding and clipping to 8 bits after each pass.
 * Only Pillow's fixed-point coefficients are not reproduced, which leaves at most one 8-bit level
 * of difference (measured in docs/export.md).
 */
public final class InGraphTransform {
  private InGraphTransform() {}

  /**
   * Normalized NHWC float images {@code [n, size, size, 3]} of RGB pixels
   * {@code [n, h, w, 3]} (uint8; one batch shares its height and width).
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TUint8> images, int size) {
    return ClipGraph.normalizePixels(tf, resizeCrop(tf, images, size), size);
  }

  /** The resized and cropped pixels {@code [n, size, size, 3]}, uint8, before normalization. */
  public static Operand<TUint8> resizeCrop(Ops tf, Operand<TUint8> images, int size) {
    Operand<TInt32> shape = tf.shape(images);
    Operand<TInt32> h = tf.gather(shape, tf.constant(1), tf.constant(0));
    Operand<TInt32> w = tf.gather(shape, tf.constant(2), tf.constant(0));
    Operand<TInt32> s = tf.constant(size);
    // torchvision 0.14: the short side becomes size, the long side int(size * long / short),
    // which integer division computes exactly.
    Operand<TBool> portrait = tf.math.lessEqual(w, h);
    Operand<TInt32> newW = tf.select(portrait, s, tf.math.floorDiv(tf.math.mul(s, w), h));
    Operand<TInt32> newH = tf.select(portrait, tf.math.floorDiv(tf.math.mul(s, h), w), s);
    Operand<TFloat32> left = centreOffset(tf, newW, size);
    Operand<TFloat32> top = centreOffset(tf, newH, size);
    Operand<TFloat32> scaleX = tf.math.div(toFloat(tf, newW), toFloat(tf, w));
    Operand<TFloat32> scaleY = tf.math.div(toFloat(tf, newH), toFloat(tf, h));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> zero = tf.constant(0f);
    // Pass 1, horizontal: [n, h, size, 3]; the translation moves the crop window to the origin.
    Operand<TFloat32> across = pass(tf, images, tf.stack(java.util.List.of(h, s)),
        tf.stack(java.util.List.of(one, scaleX)),
        tf.stack(java.util.List.of(zero, tf.math.neg(left))));
    // Pass 2, vertical, on the rounded 8-bit result of pass 1: [n, size, size, 3].
    Operand<TFloat32> down = pass(tf, across, tf.constant(new int[] {size, size}),
        tf.stack(java.util.List.of(scaleY, one)),
        tf.stack(java.util.List.of(tf.math.neg(top), zero)));
    return tf.dtypes.cast(down, TUint8.class);
  }

  /** One resampling pass, rounded half up and clipped to 0..255 as Pillow's 8-bit passes are. */
  private static Operand<TFloat32> pass(Ops tf, Operand<?> in, Operand<TInt32> size,
      Operand<TFloat32> scale, Operand<TFloat32> translation) {
    @SuppressWarnings("unchecked")
    Operand<? extends org.tensorflow.types.family.TNumber> images =
        (Operand<? extends org.tensorflow.types.family.TNumber>) in;
    Operand<TFloat32> out = tf.image.scaleAndTranslate(images, size, scale, translation,
        ScaleAndTranslate.kernelType("keyscubic"), ScaleAndTranslate.antialias(true));
    Operand<TFloat32> rounded = tf.math.floor(tf.math.add(out, tf.constant(0.5f)));
    return tf.clipByValue(rounded, tf.constant(0f), tf.constant(255f));
  }

  /** {@code round((side - size) / 2)} with halves to even (Python's round, as torchvision). */
  private static Operand<TFloat32> centreOffset(Ops tf, Operand<TInt32> side, int size) {
    return tf.math.round(tf.math.div(toFloat(tf, tf.math.sub(side, tf.constant(size))),
        tf.constant(2f)));
  }

  private static Operand<TFloat32> toFloat(Ops tf, Operand<TInt32> x) {
    return tf.dtypes.cast(x, TFloat32.class);
  }
}
