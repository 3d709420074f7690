package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Zero-shot classification with a training graph (paper section 3.1.4): for each class, the text
 * features of its prompts are ensembled by {@link ZeroShotClassifier#ensemble} (the one
 * implementation inference uses too); an image belongs to the class whose embedding is most
 * similar, ranked by {@link ZeroShotClassifier#rankOf}. Only the tower being fed runs.
 */
public final class ZeroShot {
  private ZeroShot() {}

  /**
   * Labelled images for scoring.
   *
   * @param count number of images
   * @param imageSize side of the square images
   * @param pixels image {@code i} as HWC RGB bytes
   * @param labels label of each image
   */
  public record Images(int count, int imageSize, IntFunction<byte[]> pixels, int[] labels) {}

  /**
   * Accuracy of one task.
   *
   * @param top1 fraction whose most similar class is the label
   * @param top5 fraction whose label is among the 5 most similar classes
   * @param count images scored
   */
  public record Accuracy(double top1, double top5, int count) {}

  /**
   * The zero-shot classifier: one unit-length row per class.
   *
   * @param prompts the prompts of class {@code c} are {@code prompts.apply(c)}
   * @param classes number of classes
   * @param tokenize token rows of a list of texts
   */
  public static float[][] classifier(Session session, TrainGraph graph, int classes,
      IntFunction<List<String>> prompts, Function<List<String>, int[][]> tokenize) {
    float[][] out = new float[classes][];
    for (int c = 0; c < classes; c++) {
      out[c] = classEmbedding(session, graph, tokenize.apply(prompts.apply(c)));
    }
    return out;
  }

  /** Top-1 and top-5 accuracy of {@code classifier} on {@code images}, {@code batch} at a time. */
  public static Accuracy accuracy(Session session, TrainGraph graph, float[][] classifier,
      Images images, int batch) {
    int top1 = 0;
    int top5 = 0;
    int k = Math.min(5, classifier.length);
    int side = images.imageSize();
    for (int start = 0; start < images.count(); start += batch) {
      int n = Math.min(batch, images.count() - start);
      byte[] px = new byte[n * side * side * 3];
      for (int i = 0; i < n; i++) {
        System.arraycopy(images.pixels().apply(start + i), 0, px, i * side * side * 3,
            side * side * 3);
      }
      float[][] f;
      try (TUint8 t = TUint8.tensorOf(Shape.of(n, side, side, 3), DataBuffers.of(px, true, false));
          Result r = session.runner().feed(graph.images(), t)
              .fetch(graph.evalImageFeatures()).run()) {
        f = rows((TFloat32) r.get(0));
      }
      for (int i = 0; i < n; i++) {
        int label = images.labels()[start + i];
        double[] scores = new double[classifier.length];
        for (int c = 0; c < classifier.length; c++) {
          scores[c] = dot(f[i], classifier[c]);
        }
        int better = ZeroShotClassifier.rankOf(scores, label);
        top1 += better == 0 ? 1 : 0;
        top5 += better < k ? 1 : 0;
      }
    }
    return new Accuracy(top1 / (double) images.count(), top5 / (double) images.count(),
        images.count());
  }

  /** The ensembled class embedding of one class's prompt token rows. */
  private static float[] classEmbedding(Session session, TrainGraph graph, int[][] tokens) {
    int n = tokens.length;
    int len = tokens[0].length;
    int[] flat = new int[n * len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(tokens[i], 0, flat, i * len, len);
    }
    try (TInt32 t = TInt32.tensorOf(Shape.of(n, len), DataBuffers.of(flat, true, false));
        Result r = session.runner().feed(graph.tokens(), t).fetch(graph.textFeatures())
            .run()) {
      return ZeroShotClassifier.ensemble(rows((TFloat32) r.get(0)));
    }
  }

  private static float[][] rows(TFloat32 t) {
    int n = (int) t.shape().get(0);
    int d = (int) t.shape().get(1);
    float[] flat = new float[n * d];
    t.asRawTensor().data().asFloats().read(flat);
    float[][] out = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, out[i], 0, d);
    }
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
