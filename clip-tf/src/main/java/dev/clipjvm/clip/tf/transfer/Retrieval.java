package dev.clipjvm.clip.tf.transfer;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Image-text retrieval scores (the paper's Section 3.1.4 / Table 13): recall@1/5/10 both ways and
 * the mean and median rank of the first correct item.
 *
 * <p>Similarity is the cosine of the two feature vectors (each is L2-normalized here, so raw or
 * normalized features give the same result). A query's rank is 1 plus the number of candidates
 * that score strictly higher than the correct one plus the number of candidates that score the
 * same and come earlier (lower index): ties are broken by index, deterministically, as a stable
 * sort by descending score would. Text to image: each caption's query has one correct image.
 * Image to text: an image's rank is the best rank among its captions.
 */
public final class Retrieval {
  private Retrieval() {}

  /**
   * Ranks and recalls.
   *
   * @param imageToTextRanks rank of each image's best caption
   * @param textToImageRanks rank of each caption's image
   */
  public record Result(int[] imageToTextRanks, int[] textToImageRanks) {
    /** Fraction of images whose best caption is within the top {@code k}. */
    public double imageToTextRecall(int k) {
      return recall(imageToTextRanks, k);
    }

    /** Fraction of captions whose image is within the top {@code k}. */
    public double textToImageRecall(int k) {
      return recall(textToImageRanks, k);
    }

    /** Mean rank, image to text. */
    public double imageToTextMeanRank() {
      return Arrays.stream(imageToTextRanks).average().orElse(0);
    }

    /** Mean rank, text to image. */
    public double textToImageMeanRank() {
      return Arrays.stream(textToImageRanks).average().orElse(0);
    }

    /** Median rank, image to text (the mean of the two middle ranks for an even count). */
    public double imageToTextMedianRank() {
      return median(imageToTextRanks);
    }

    /** Median rank, text to image (the mean of the two middle ranks for an even count). */
    public double textToImageMedianRank() {
      return median(textToImageRanks);
    }
  }

  /**
   * Scores retrieval between {@code images} ({@code [n, dim]}) and {@code texts}
   * ({@code [m, dim]}), caption {@code t} belonging to image {@code textToImage[t]}. Every image
   * needs at least one caption.
   */
  public static Result evaluate(float[] images, float[] texts, int dim, int[] textToImage) {
    if (dim < 1 || images.length % dim != 0 || texts.length != (long) textToImage.length * dim) {
      throw new IllegalArgumentException("image features of " + images.length + " values and "
          + "text features of " + texts.length + " values do not make rows of " + dim
          + " for " + textToImage.length + " captions");
    }
    int n = images.length / dim;
    int m = textToImage.length;
    boolean[] captioned = new boolean[n];
    for (int t = 0; t < m; t++) {
      if (textToImage[t] < 0 || textToImage[t] >= n) {
        throw new IllegalArgumentException("text_to_image[" + t + "] = " + textToImage[t]
            + " is not an image index (there are " + n + " images)");
      }
      captioned[textToImage[t]] = true;
    }
    for (int i = 0; i < n; i++) {
      if (!captioned[i]) {
        throw new IllegalArgumentException("image " + i + " has no caption in text_to_image");
      }
    }
    double[][] image = normalized(images, n, dim);
    double[][] text = normalized(texts, m, dim);
    int[] textRanks = IntStream.range(0, m).parallel().map(t -> {
      int target = textToImage[t];
      double correct = dot(text[t], image[target]);
      int rank = 1;
      for (int i = 0; i < n; i++) {
        double s = dot(text[t], image[i]);
        rank += s > correct || (s == correct && i < target) ? 1 : 0;
      }
      return rank;
    }).toArray();
    int[] imageRanks = IntStream.range(0, n).parallel().map(i -> {
      double[] scores = new double[m];
      for (int t = 0; t < m; t++) {
        scores[t] = dot(image[i], text[t]);
      }
      // The image's best caption (highest score, lowest index among equals) has its best rank.
      int own = -1;
      for (int t = 0; t < m; t++) {
        if (textToImage[t] == i && (own < 0 || scores[t] > scores[own])) {
          own = t;
        }
      }
      int rank = 1;
      for (int u = 0; u < m; u++) {
        rank += scores[u] > scores[own] || (scores[u] == scores[own] && u < own) ? 1 : 0;
      }
      return rank;
    }).toArray();
    return new Result(imageRanks, textRanks);
  }

  private static double[][] normalized(float[] values, int rows, int dim) {
    double[][] out = new double[rows][dim];
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int d = 0; d < dim; d++) {
        out[r][d] = values[r * dim + d];
        sum += out[r][d] * out[r][d];
      }
      double scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
      for (int d = 0; d < dim; d++) {
        out[r][d] *= scale;
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double recall(int[] ranks, int k) {
    return ranks.length == 0 ? 0 : (double) Arrays.stream(ranks).filter(r -> r <= k).count()
        / ranks.length;
  }

  private static double median(int[] ranks) {
    if (ranks.length == 0) {
      return 0;
    }
    int[] sorted = ranks.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }
}
