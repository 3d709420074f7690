package dev.clipjvm.clip.tf.zeroshot;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The zero-shot accuracy of a classifier on labelled images.
 *
 * @param classes the class labels, in index order
 * @param images the number of images scored
 * @param top1 the fraction whose best class is the label
 * @param top5 the fraction whose label is among the five best classes; empty with five classes
 *     or fewer (it would be 1)
 * @param meanPerClassRecall the mean over the classes that have images of the fraction of their
 *     images predicted correctly
 * @param recall per class, that fraction ({@code NaN} for a class without images)
 * @param support per class, its number of images
 * @param confusion {@code confusion[label][predicted]} image counts
 * @param labels per image, its class
 * @param predicted per image, the best class (the first of equal scores)
 * @param score per image, the cosine of the best class
 */
public record ZeroShotReport(List<String> classes, int images, double top1, OptionalDouble top5,
    double meanPerClassRecall, double[] recall, int[] support, long[][] confusion,
    int[] labels, int[] predicted, double[] score) {

  /**
   * Scores {@code embeddings} (L2-normalized image embeddings) with {@code classifier} against
   * {@code labels} (class indices of the classifier's prompt set).
   */
  public static ZeroShotReport of(ZeroShotClassifier classifier, float[][] embeddings,
      int[] labels) {
    int k = classifier.labels().size();
    if (embeddings.length != labels.length || labels.length == 0) {
      throw new IllegalArgumentException(embeddings.length + " embeddings for " + labels.length
          + " labels; need the same positive number");
    }
    long[][] confusion = new long[k][k];
    int[] support = new int[k];
    int[] predicted = new int[labels.length];
    double[] score = new double[labels.length];
    int top1 = 0;
    int top5 = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException("label " + labels[i] + " of image " + i
            + " is not a class index below " + k);
      }
      double[] s = classifier.scores(embeddings[i]);
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (s[c] > s[best]) {
          best = c;
        }
      }
      predicted[i] = best;
      score[i] = s[best];
      int rank = ZeroShotClassifier.rankOf(s, labels[i]);
      top1 += rank == 0 ? 1 : 0;
      top5 += rank < 5 ? 1 : 0;
      support[labels[i]]++;
      // best is the first class of highest score, so best == label exactly when rank == 0 (ties
      // go to the lower index both ways): the diagonal sums to the top-1 count.
      confusion[labels[i]][best]++;
    }
    double[] recall = new double[k];
    double sum = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      recall[c] = support[c] == 0 ? Double.NaN : confusion[c][c] / (double) support[c];
      if (support[c] > 0) {
        sum += recall[c];
        present++;
      }
    }
    int n = labels.length;
    return new ZeroShotReport(classifier.labels(), n, top1 / (double) n,
        k > 5 ? OptionalDouble.of(top5 / (double) n) : OptionalDouble.empty(), sum / present,
        recall, support, confusion, labels.clone(), predicted, score);
  }
}
