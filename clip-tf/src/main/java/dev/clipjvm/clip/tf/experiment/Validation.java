package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.tf.train.TrainGraph;
import dev.clipjvm.clip.tf.train.ZeroShot;
import dev.clipjvm.clip.tf.transfer.Retrieval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Held-out validation during training: the contrastive loss and retrieval recall on image-caption
 * pairs the run never trains on, so a flat training loss can be told apart from a model that
 * stopped generalizing (or never started).
 *
 * <p>The pairs are the first {@value #MAX_PAIRS} images of a zero-shot task (held-out test
 * images), each captioned with its class's prompt, the templates taken in turn ({@code i mod T}).
 * The loss is the training loss (symmetric cross-entropy at the current temperature) over blocks
 * of the training batch size, averaged over pairs; recall is {@link Retrieval} over all pairs,
 * each caption's own image being the correct one. Captions of one class and template are equal
 * texts, so image-to-text recall counts them as competitors (ties by index): on such templated
 * data it is a lower bound, on data with distinct captions the usual measure.
 */
final class Validation {
  /** Pairs per task: enough for stable recall@5, few enough to cost a fraction of an eval. */
  static final int MAX_PAIRS = 1000;

  private Validation() {}

  /**
   * Metrics {@code val/<task>/loss}, {@code val/<task>/image_to_text_r1} and {@code _r5}, and
   * {@code val/<task>/text_to_image_r1} and {@code _r5}.
   */
  static Map<String, Double> evaluate(Session s, TrainGraph tg, ZeroShotTask task,
      ZeroShot.Images images, int trainBatch, int evalBatch,
      Function<List<String>, int[][]> tokenize) {
    int n = Math.min(images.count(), MAX_PAIRS);
    Map<String, Double> out = new LinkedHashMap<>();
    if (n < 2) {
      return out;
    }
    int templates = task.templates().size();
    List<String> captions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      captions.add(task.prompts(images.labels()[i]).get(i % templates));
    }
    int side = images.imageSize();
    float[] imageFeatures = null;
    float[] textFeatures = null;
    int dim = 0;
    for (int start = 0; start < n; start += evalBatch) {
      int b = Math.min(evalBatch, n - start);
      byte[] px = new byte[b * side * side * 3];
      for (int i = 0; i < b; i++) {
        System.arraycopy(images.pixels().apply(start + i), 0, px, i * side * side * 3,
            side * side * 3);
      }
      int[][] tokens = tokenize.apply(captions.subList(start, start + b));
      int len = tokens[0].length;
      int[] flat = new int[b * len];
      for (int i = 0; i < b; i++) {
        System.arraycopy(tokens[i], 0, flat, i * len, len);
      }
      try (TUint8 img = TUint8.tensorOf(Shape.of(b, side, side, 3),
              DataBuffers.of(px, true, false));
          TInt32 txt = TInt32.tensorOf(Shape.of(b, len), DataBuffers.of(flat, true, false));
          Result r = s.runner().feed(tg.images(), img).feed(tg.tokens(), txt)
              .fetch(tg.evalImageFeatures()).fetch(tg.textFeatures()).run()) {
        TFloat32 fi = (TFloat32) r.get(0);
        if (imageFeatures == null) {
          dim = (int) fi.shape().get(1);
          imageFeatures = new float[n * dim];
          textFeatures = new float[n * dim];
        }
        fi.asRawTensor().data().asFloats().read(imageFeatures, start * dim, b * dim);
        ((TFloat32) r.get(1)).asRawTensor().data().asFloats().read(textFeatures, start * dim,
            b * dim);
      }
    }
    double scale;
    try (Result r = s.runner().fetch(tg.logitScale()).run()) {
      scale = Math.exp(((TFloat32) r.get(0)).getFloat());
    }
    String prefix = "val/" + task.name() + "/";
    out.put(prefix + "loss", loss(imageFeatures, textFeatures, dim, n, trainBatch, scale));
    int[] own = new int[n];
    for (int i = 0; i < n; i++) {
      own[i] = i;
    }
    Retrieval.Result r = Retrieval.evaluate(imageFeatures, textFeatures, dim, own);
    out.put(prefix + "image_to_text_r1", r.imageToTextRecall(1));
    out.put(prefix + "image_to_text_r5", r.imageToTextRecall(5));
    out.put(prefix + "text_to_image_r1", r.textToImageRecall(1));
    out.put(prefix + "text_to_image_r5", r.textToImageRecall(5));
    return out;
  }

  /**
   * The symmetric contrastive loss of normalized features over blocks of {@code block} pairs
   * (a last block of one pair joins the previous one), averaged over pairs.
   */
  static double loss(float[] images, float[] texts, int dim, int n, int block, double scale) {
    double total = 0;
    for (int start = 0; start < n; ) {
      int end = Math.min(n, start + block);
      if (n - end == 1) {
        end = n;
      }
      int b = end - start;
      double[][] logits = new double[b][b];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          double dot = 0;
          for (int d = 0; d < dim; d++) {
            dot += images[(start + i) * dim + d] * texts[(start + j) * dim + d];
          }
          logits[i][j] = scale * dot;
        }
      }
      for (int i = 0; i < b; i++) {
        double[] row = logits[i];
        double[] column = new double[b];
        for (int j = 0; j < b; j++) {
          column[j] = logits[j][i];
        }
        total += 0.5 * (crossEntropy(row, i) + crossEntropy(column, i));
      }
      start = end;
    }
    return total / n;
  }

  private static double crossEntropy(double[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v - max);
    }
    return Math.log(sum) + max - logits[target];
  }
}
