package dev.clipjvm.clip.tf.train;

import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A tiny two-tower model for training tests: images flattened and projected (weight and bias),
 * texts as the mean of token embeddings projected. Weights are seeded constants.
 */
final class TinyTowers implements Towers {
  private final Variable<TFloat32> imageWeight;
  private final Variable<TFloat32> imageBias;
  private final Variable<TFloat32> tokenEmbedding;
  private final Variable<TFloat32> textProjection;
  private final int pixels;
  private final float initLogitScale;
  private Variable<TFloat32> logitScale;

  TinyTowers(Ops tf, int imageSize, int vocab, int width, int embed, long seed) {
    this(tf, imageSize, vocab, width, embed, seed, Math.log(1 / 0.07));
  }

  TinyTowers(Ops tf, int imageSize, int vocab, int width, int embed, long seed,
      double initLogitScale) {
    this.initLogitScale = (float) initLogitScale;
    Random r = new Random(seed);
    pixels = imageSize * imageSize * 3;
    imageWeight = tf.withSubScope("visual").withName("proj").variable(random(tf, r, pixels, embed, 0.05f));
    float[] bias = new float[embed];
    for (int j = 0; j < embed; j++) {
      bias[j] = (float) (r.nextGaussian() * 0.1);
    }
    imageBias = tf.withSubScope("visual").withName("bias").variable(tf.constant(bias));
    tokenEmbedding = tf.withName("token_embedding").variable(random(tf, r, vocab, width, 1f));
    textProjection = tf.withName("text_projection").variable(random(tf, r, width, embed, 0.5f));
  }

  private static Operand<TFloat32> random(Ops tf, Random r, int rows, int cols, float std) {
    float[][] v = new float[rows][cols];
    for (float[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (r.nextGaussian() * std);
      }
    }
    return tf.constant(StdArrays.ndCopyOf(v));
  }

  @Override
  public Operand<TFloat32> encodeImages(Ops tf, Operand<TUint8> images) {
    Operand<TFloat32> x = tf.math.div(tf.reshape(tf.dtypes.cast(images, TFloat32.class),
        tf.constant(new int[] {-1, pixels})), tf.constant(255f));
    return tf.math.add(tf.linalg.matMul(x, imageWeight), imageBias);
  }

  @Override
  public Operand<TFloat32> encodeTexts(Ops tf, Operand<TInt32> tokens) {
    Operand<TFloat32> e = tf.gather(tokenEmbedding, tokens, tf.constant(0)); // [b, l, width]
    return tf.linalg.matMul(tf.math.mean(e, tf.constant(1)), textProjection);
  }

  @Override
  public Variable<TFloat32> logitScale(Ops tf) {
    if (logitScale == null) {
      logitScale = tf.withName("logit_scale").variable(tf.constant(initLogitScale));
    }
    return logitScale;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(new Parameter("visual/proj", imageWeight),
        new Parameter("visual/bias", imageBias),
        new Parameter("token_embedding", tokenEmbedding),
        new Parameter("text_projection", textProjection),
        new Parameter("logit_scale", logitScale));
  }

}
