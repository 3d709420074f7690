package dev.clipjvm.clip.tf.inference;

import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.source.ImageData;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Image features of a labelled dataset: one row per image with its label, computed by a
 * {@link ClipModel} in batches, and their safetensors form ({@code features} F32 {@code [N, D]},
 * {@code labels} I64 {@code [N]}) that {@code clip features} writes and the linear probe reads.
 *
 * @param features one row per image
 * @param labels the label of each row (an index into the dataset's class keys)
 */
public record ImageFeatures(float[][] features, long[] labels) {
  /** The tensor holding the features. */
  public static final String FEATURES = "features";
  /** The tensor holding the labels. */
  public static final String LABELS = "labels";

  /** Checks that rows and labels correspond and rows share one width. */
  public ImageFeatures {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (features.length != labels.length) {
      throw new IllegalArgumentException(features.length + " feature rows for " + labels.length
          + " labels");
    }
    for (float[] row : features) {
      if (row.length != features[0].length) {
        throw new IllegalArgumentException("feature rows of widths " + features[0].length
            + " and " + row.length);
      }
    }
  }

  /**
   * The {@code output} features of every image of {@code data} (decoded in parallel,
   * eval-transformed and encoded {@code batch} at a time), in the dataset's order.
   *
   * @param progress told the number of images done after each batch
   */
  public static ImageFeatures extract(ClipModel model, LabelledDataset data, ImageOutput output,
      int batch, LongConsumer progress) throws IOException {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    List<LabelledDataset.Item> items = data.items();
    float[][] rows = encode(model, items.stream().map(LabelledDataset.Item::image).toList(),
        items.stream().map(LabelledDataset.Item::name).toList(), output, batch, progress);
    long[] labels = items.stream().mapToLong(LabelledDataset.Item::label).toArray();
    return new ImageFeatures(rows, labels);
  }

  /**
   * The {@code output} features of {@code images} (decoded in parallel, eval-transformed and
   * encoded {@code batch} at a time), in order; a failure to decode names the image's entry of
   * {@code names}.
   *
   * @param progress told the number of images done after each batch
   */
  public static float[][] encode(ClipModel model, List<ImageData> images, List<String> names,
      ImageOutput output, int batch, LongConsumer progress) throws IOException {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    ImageDecoder decoder = new ImageDecoder();
    float[][] rows = new float[images.size()][];
    for (int start = 0; start < images.size(); start += batch) {
      int from = start;
      Pixels[] pixels = new Pixels[Math.min(images.size(), start + batch) - start];
      try {
        java.util.stream.IntStream.range(0, pixels.length).parallel().forEach(i -> {
          try {
            pixels[i] = images.get(from + i).decode(decoder, names.get(from + i));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      float[][] f = model.encodePixels(Arrays.asList(pixels), output);
      System.arraycopy(f, 0, rows, start, f.length);
      progress.accept(start + pixels.length);
    }
    return rows;
  }

  /** Number of rows. */
  public int size() {
    return labels.length;
  }

  /** Width of a row. */
  public int width() {
    return features.length == 0 ? 0 : features[0].length;
  }

  /** Writes {@code features} and {@code labels} to a safetensors file with {@code metadata}. */
  public void write(Path file, Map<String, String> metadata) throws IOException {
    float[] flat = new float[Math.multiplyExact(size(), width())];
    for (int i = 0; i < size(); i++) {
      System.arraycopy(features[i], 0, flat, i * width(), width());
    }
    List<TensorData> tensors = new ArrayList<>();
    tensors.add(TensorData.ofFloats(FEATURES, new long[] {size(), width()}, flat));
    tensors.add(TensorData.ofLongs(LABELS, new long[] {size()}, labels));
    Safetensors.write(file, tensors, metadata);
  }

  /**
   * Reads a file {@link #write} wrote (or any safetensors file with F32 {@code features}
   * {@code [N, D]} and integer {@code labels} {@code [N]}), naming the tensor at fault.
   */
  public static ImageFeatures read(Path file) throws IOException {
    TensorFile in = Safetensors.read(file);
    TensorData f = in.tensors().get(FEATURES);
    TensorData l = in.tensors().get(LABELS);
    if (f == null || l == null) {
      throw new IllegalArgumentException(file + " needs tensors '" + FEATURES + "' and '"
          + LABELS + "' (has " + in.tensors().keySet() + ")");
    }
    if (f.dtype() != DType.F32 || f.rank() != 2) {
      throw new IllegalArgumentException(file + ": '" + FEATURES + "' is " + f
          + ", expected F32 [N, D]");
    }
    if ((l.dtype() != DType.I64 && l.dtype() != DType.I32) || l.rank() != 1
        || l.dim(0) != f.dim(0)) {
      throw new IllegalArgumentException(file + ": '" + LABELS + "' is " + l
          + ", expected I64 [" + f.dim(0) + "]");
    }
    int n = Math.toIntExact(f.dim(0));
    int d = Math.toIntExact(f.dim(1));
    float[] flat = f.toFloats();
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
    return new ImageFeatures(rows, l.toLongs());
  }
}
