package dev.clipjvm.clip.api.data;

import java.util.List;

/**
 * Where (image, caption) pairs come from. Each variant is a plain description; clip-data opens
 * it as a record stream.
 */
public sealed interface SourceConfig
    permits SyntheticSource, IdxSource, WebDatasetSource, CsvSource, ImageFolderSource,
        MixedSource {

  /** The JSON {@code type} of this variant, e.g. {@code webdataset}. */
  String type();

  /** The built-in procedural dataset: {@code samples} distinct pairs per epoch from {@code seed}. */
  static SyntheticSource synthetic(long seed, long samples) {
    return new SyntheticSource(seed, samples, false);
  }

  /** WebDataset tar shards given as paths or brace patterns ({@code shard-{00000..00099}.tar}). */
  static WebDatasetSource webDataset(String... shards) {
    return new WebDatasetSource(List.of(shards));
  }

  /** A comma-separated CSV file with the given image-path and caption columns. */
  static CsvSource csv(String path, String imageColumn, String captionColumn) {
    return new CsvSource(path, imageColumn, captionColumn, ',');
  }

  /** A tab-separated file with the given image-path and caption columns. */
  static CsvSource tsv(String path, String imageColumn, String captionColumn) {
    return new CsvSource(path, imageColumn, captionColumn, '\t');
  }

  /** An image folder where {@code x.jpg} is captioned by {@code x.txt}. */
  static ImageFolderSource imageFolder(String path) {
    return new ImageFolderSource(path, FolderLayout.SIDECAR_CAPTIONS, List.of());
  }

  /** A folder of class folders; captions come from the templates filled with the class name. */
  static ImageFolderSource classFolders(String path, List<String> templates) {
    return new ImageFolderSource(path, FolderLayout.CLASS_PER_FOLDER, templates);
  }

  /** MNIST-format image and label files; captions from the templates and class names. */
  static IdxSource idx(String images, String labels, List<String> classNames,
      List<String> templates) {
    return new IdxSource(images, labels, classNames, templates);
  }

  /** Several sources drawn with the given weights. */
  static MixedSource mixed(WeightedSource... parts) {
    return new MixedSource(List.of(parts));
  }
}
