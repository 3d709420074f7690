package dev.clipjvm.clip.tf.transfer;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
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
   * Reads tensors {@code features} ({@code [N, D]}, any float type) and {@code labels}
   * ({@code [N]}, any integer type) of a safetensors file, as {@code clip features} writes them.
   */
  public static FeatureSet read(Path file) throws IOException {
    TensorFile tensors = Safetensors.read(file);
    TensorData x = tensors.get("features");
    TensorData y = tensors.get("labels");
    String source = file.toString();
    if (x.rank() != 2 || x.dim(0) < 1 || x.dim(1) < 1 || !x.dtype().isFloating()) {
      throw new CheckpointFormatException(source, "features must be a float tensor [N, D] with"
          + " N, D >= 1, got " + x.dtype() + " " + Arrays.toString(x.shape()));
    }
    if (y.rank() != 1 || y.dim(0) != x.dim(0) || y.dtype().isFloating()) {
      throw new CheckpointFormatException(source, "labels must be an integer tensor [" + x.dim(0)
          + "] (one per row of features), got " + y.dtype() + " " + Arrays.toString(y.shape()));
    }
    long[] raw = y.toLongs();
    int[] labels = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] < 0 || raw[i] > Integer.MAX_VALUE - 1) {
        throw new CheckpointFormatException(source, "labels[" + i + "] = " + raw[i]
            + " is not a class id (0 or more)");
      }
      labels[i] = (int) raw[i];
    }
    return new FeatureSet(x.toFloats(), Math.toIntExact(x.dim(0)), Math.toIntExact(x.dim(1)),
        labels);
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
