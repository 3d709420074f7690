package dev.clipjvm.clip.tf.transfer;

import dev.clipjvm.clip.tf.inference.ImageFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Labelled feature vectors: {@code rows} rows of {@code dim} floats (row-major) and a class id per
 * row. The arrays are shared, not copied: treat them as read-only.
 *
 * @param features {@code [rows, dim]} row-major
 * @param labels class ids, each {@code >= 0}
 */
public record FeatureSet(float[] features, int rows, int dim, int[] labels) {

  /** Checks that the sizes agree and labels are non-negative. */
  public FeatureSet {
    if (rows < 0 || dim < 1 || (long) rows * dim != features.length || labels.length != rows) {
      throw new IllegalArgumentException("features of " + features.length + " values and "
          + labels.length + " labels do not make " + rows + " rows of " + dim);
    }
    for (int i = 0; i < rows; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException("label of row " + i + " is negative: " + labels[i]);
      }
    }
  }

  /**
   * The rows of {@code f} (labels must fit an int), e.g. from
   * {@link ImageFeatures#read} or {@link ImageFeatures#extract}.
   */
  public static FeatureSet of(ImageFeatures f) {
    int rows = f.size();
    int dim = f.width();
    float[] x = new float[Math.multiplyExact(rows, dim)];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(f.features()[i], 0, x, i * dim, dim);
      if (f.labels()[i] < 0 || f.labels()[i] > Integer.MAX_VALUE - 1) {
        throw new IllegalArgumentException("labels[" + i + "] = " + f.labels()[i]
            + " is not a class id (0 or more)");
      }
      labels[i] = (int) f.labels()[i];
    }
    return new FeatureSet(x, rows, Math.max(dim, 1), labels);
  }

  /** Reads a features file ({@link ImageFeatures#read}: {@code features} and {@code labels}). */
  public static FeatureSet read(Path file) throws IOException {
    ImageFeatures f = ImageFeatures.read(file); // its errors name the file
    try {
      return of(f);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** One more than the largest label (0 when empty). */
  public int classes() {
    return Arrays.stream(labels).max().orElse(-1) + 1;
  }

  /** Rows {@code [from, to)}. */
  public FeatureSet slice(int from, int to) {
    return new FeatureSet(Arrays.copyOfRange(features, from * dim, to * dim), to - from, dim,
        Arrays.copyOfRange(labels, from, to));
  }

  /** The given rows, in the given order. */
  public FeatureSet select(int[] indices) {
    float[] x = new float[indices.length * dim];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * dim, x, i * dim, dim);
      y[i] = labels[indices[i]];
    }
    return new FeatureSet(x, indices.length, dim, y);
  }
}
