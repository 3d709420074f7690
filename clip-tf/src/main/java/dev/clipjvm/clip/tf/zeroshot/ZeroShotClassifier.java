package dev.clipjvm.clip.tf.zeroshot;

import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.tf.inference.ClipModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A zero-shot classifier (paper section 3.1.4): one unit-length class embedding per class, the
 * {@link #ensemble} of the text embeddings of its prompts; an image's scores are the cosines of
 * its embedding with them, its probabilities their softmax at the model's temperature. Build it
 * once per task and reuse it for any number of images: it holds the class embeddings (the text
 * encoder runs only in {@link #build}); immutable and thread-safe.
 */
public final class ZeroShotClassifier {
  private final ClipModel model;
  private final PromptSet prompts;
  private final float[][] weights; // [classes, embed], unit rows

  private ZeroShotClassifier(ClipModel model, PromptSet prompts, float[][] weights) {
    this.model = model;
    this.prompts = prompts;
    this.weights = weights;
  }

  /**
   * Embeds every prompt of {@code prompts} with {@code model} (one batch; the encoder groups
   * texts by length) and ensembles each class's prompts.
   */
  public static ZeroShotClassifier build(ClipModel model, PromptSet prompts) {
    Objects.requireNonNull(model, "model");
    List<String> all = new ArrayList<>();
    int[] start = new int[prompts.classes().size() + 1];
    for (int c = 0; c < prompts.classes().size(); c++) {
      all.addAll(prompts.prompts(c));
      start[c + 1] = all.size();
    }
    float[][] features = model.embedTexts(all);
    float[][] weights = new float[prompts.classes().size()][];
    for (int c = 0; c < weights.length; c++) {
      weights[c] = ensemble(Arrays.copyOfRange(features, start[c], start[c + 1]));
    }
    return new ZeroShotClassifier(model, prompts, weights);
  }

  /**
   * The class embedding of one class from the text features of its prompts: normalize each
   * prompt's features, average, renormalize (the paper's embedding-space ensembling, section
   * 3.1.4), in double precision. The one implementation: evaluation during training uses it too.
   *
   * @param promptFeatures one row per prompt, at least one, all of one width, none zero
   */
  public static float[] ensemble(float[][] promptFeatures) {
    if (promptFeatures.length == 0) {
      throw new IllegalArgumentException("a class needs at least one prompt");
    }
    int d = promptFeatures[0].length;
    double[] sum = new double[d];
    for (float[] row : promptFeatures) {
      if (row.length != d) {
        throw new IllegalArgumentException("prompt features of widths " + d + " and "
            + row.length);
      }
      double norm = norm(row);
      for (int i = 0; i < d; i++) {
        sum[i] += row[i] / norm;
      }
    }
    double norm = 0;
    for (double v : sum) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[d];
    for (int i = 0; i < d; i++) {
      out[i] = (float) (sum[i] / norm); // the 1/n of the mean cancels in the renormalization
    }
    return out;
  }

  private static double norm(float[] row) {
    double s = 0;
    for (float v : row) {
      s += (double) v * v;
    }
    if (s == 0) {
      throw new IllegalArgumentException("a prompt's features are all zero");
    }
    return Math.sqrt(s);
  }

  /**
   * How many classes rank above class {@code label} in {@code scores}; ties count against the
   * label (a lower class index wins), so a degenerate model with equal scores cannot look
   * accurate. Rank 0 is a top-1 hit, rank below 5 a top-5 hit.
   */
  public static int rankOf(double[] scores, int label) {
    int better = 0;
    for (int c = 0; c < scores.length; c++) {
      if (c != label && (scores[c] > scores[label] || (scores[c] == scores[label] && c < label))) {
        better++;
      }
    }
    return better;
  }

  /** The prompts the classifier was built from. */
  public PromptSet prompts() {
    return prompts;
  }

  /** The class labels in index order. */
  public List<String> labels() {
    return prompts.labels();
  }

  /** A copy of the class embeddings, {@code [classes, embed]}, unit rows. */
  public float[][] weights() {
    float[][] out = new float[weights.length][];
    for (int c = 0; c < out.length; c++) {
      out[c] = weights[c].clone();
    }
    return out;
  }

  /** The cosine of an L2-normalized image embedding with each class embedding, by class index. */
  public double[] scores(float[] imageEmbedding) {
    double[] out = new double[weights.length];
    for (int c = 0; c < out.length; c++) {
      if (imageEmbedding.length != weights[c].length) {
        throw new IllegalArgumentException("image embedding of width " + imageEmbedding.length
            + "; the classifier's is " + weights[c].length);
      }
      double s = 0;
      for (int i = 0; i < imageEmbedding.length; i++) {
        s += (double) imageEmbedding[i] * weights[c][i];
      }
      out[c] = s;
    }
    return out;
  }

  /** Every class for an L2-normalized image embedding, best first (ties: lower index first). */
  public List<Prediction> rank(float[] imageEmbedding) {
    double[] scores = scores(imageEmbedding);
    double scale = model.logitScale();
    double max = Arrays.stream(scores).max().orElseThrow();
    double[] p = new double[scores.length];
    double z = 0;
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.exp(scale * (scores[c] - max));
      z += p[c];
    }
    List<Prediction> out = new ArrayList<>(scores.length);
    for (int c = 0; c < scores.length; c++) {
      out.add(new Prediction(prompts.classes().get(c).label(), c, scores[c], p[c] / z));
    }
    out.sort(Comparator.comparingDouble(Prediction::score).reversed()
        .thenComparingInt(Prediction::index));
    return List.copyOf(out);
  }

  /** The ranked predictions for one image file. */
  public List<Prediction> classify(Path image) throws IOException {
    return rank(model.embedImage(image));
  }

  /** The ranked predictions for each image file, in order. */
  public List<List<Prediction>> classify(List<Path> images) throws IOException {
    return rankAll(model.embedImages(images));
  }

  /** The ranked predictions for each decoded image, in order. */
  public List<List<Prediction>> classifyPixels(List<Pixels> images) {
    return rankAll(model.embedPixels(images));
  }

  private List<List<Prediction>> rankAll(float[][] embeddings) {
    List<List<Prediction>> out = new ArrayList<>(embeddings.length);
    for (float[] e : embeddings) {
      out.add(rank(e));
    }
    return List.copyOf(out);
  }
}
