package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.source.LabelledDataset;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The labelled images of the commands that evaluate or embed a dataset ({@code eval zeroshot},
 * {@code features}): one option, one help text, one way of opening them.
 */
final class LabelledImagesOption {

  @Option(names = "--images", required = true, paramLabel = "DATA",
      description = "Labelled images: a class-per-folder directory (DATA/CLASS/x.jpg), a .csv or "
          + ".tsv file with path and label columns, WebDataset shards with a cls label per "
          + "sample (a .tar file, a brace pattern or a directory of .tar files), or an IDX "
          + "images file (*-images-idx3-ubyte[.gz]) with its labels file beside it.")
  Path images;

  /** The path given. */
  Path path() {
    return images;
  }

  /** The dataset, recognized by what the path is; entries that are not regular files refused. */
  LabelledDataset open() throws IOException {
    return LabelledDataset.open(images);
  }
}
