package dev.clipjvm.clip.data.idx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Grayscale images with integer labels, read from an IDX image file ({@code [n, h, w]}) and an
 * IDX label file ({@code [n]}), with the names of the classes.
 *
 * @param images the images, {@code [n, height, width]}
 * @param labels the labels, {@code [n]}, each below {@code classNames.size()}
 * @param classNames the name of each class, used in captions and zero-shot prompts
 */
public record LabelledImages(IdxArray images, IdxArray labels, List<String> classNames) {

  /** The ten Fashion-MNIST classes, in label order (Xiao, Rasul and Vollgraf 2017). */
  public static final List<String> FASHION_MNIST_CLASSES = List.of(
      "t-shirt", "trouser", "pullover", "dress", "coat",
      "sandal", "shirt", "sneaker", "bag", "ankle boot");

  /** Validates shapes, the count match and the label range. */
  public LabelledImages {
    classNames = List.copyOf(classNames);
    if (images.dims().length != 3) {
      throw new IllegalArgumentException(
          "images must be [n, height, width], got rank " + images.dims().length);
    }
    if (labels.dims().length != 1) {
      throw new IllegalArgumentException("labels must be [n], got rank " + labels.dims().length);
    }
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException("image file holds " + images.count()
          + " images but label file holds " + labels.count() + " labels");
    }
    for (int i = 0; i < labels.count(); i++) {
      if (labels.unsigned(i) >= classNames.size()) {
        throw new IllegalArgumentException("label " + labels.unsigned(i) + " of item " + i
            + " is not below the " + classNames.size() + " class names");
      }
    }
  }

  /** Reads an image file and a label file (plain or gzip). */
  public static LabelledImages read(Path images, Path labels, List<String> classNames)
      throws IOException {
    IdxArray img = IdxReader.read(images);
    IdxArray lab = IdxReader.read(labels);
    try {
      return new LabelledImages(img, lab, classNames);
    } catch (IllegalArgumentException e) {
      throw new IdxFormatException(images + " / " + labels, e.getMessage());
    }
  }

  /** Reads Fashion-MNIST's training or test pair from {@code dir} (file names as published). */
  public static LabelledImages fashionMnist(Path dir, boolean train) throws IOException {
    String prefix = train ? "train" : "t10k";
    return read(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
        dir.resolve(prefix + "-labels-idx1-ubyte.gz"), FASHION_MNIST_CLASSES);
  }

  /** Number of images. */
  public int size() {
    return images.count();
  }

  /** Image height in pixels. */
  public int height() {
    return images.dims()[1];
  }

  /** Image width in pixels. */
  public int width() {
    return images.dims()[2];
  }

  /** Label of image {@code i}. */
  public int label(int i) {
    return labels.unsigned(i);
  }

  /** Image {@code i} as HWC RGB bytes (the gray value in all three channels). */
  public byte[] rgb(int i) {
    int n = images.itemSize();
    byte[] out = new byte[n * 3];
    byte[] data = images.data();
    int base = i * n;
    for (int p = 0; p < n; p++) {
      byte v = data[base + p];
      out[3 * p] = v;
      out[3 * p + 1] = v;
      out[3 * p + 2] = v;
    }
    return out;
  }
}
