package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.FolderLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Images with one or more captions each, for retrieval evaluation, read through the record
 * sources training uses: a CSV or TSV file with a header holding {@code path} and
 * {@code caption} columns (an image may appear on several rows, one caption per row; paths
 * relative to the file), WebDataset shards whose {@code txt} holds one caption per line (a
 * {@code .tar} file, a brace pattern or a directory of {@code .tar} files), or an image folder
 * with sidecar captions ({@code x.jpg} + {@code x.txt}, one caption per line).
 *
 * <p>Each distinct image appears once, in order of first appearance; captions keep the order
 * they were read in. A record that cannot be used is an error naming it, never skipped:
 * evaluation figures must cover the whole set.
 */
public final class CaptionedDataset {

  /**
   * One image.
   *
   * @param name the image's path relative to the data, or its WebDataset key
   * @param image the undecoded image
   */
  public record Image(String name, ImageData image) {}

  private final Path data;
  private final List<Image> images;
  private final List<String> captions;
  private final int[] captionToImage;

  private CaptionedDataset(Path data, List<Image> images, List<String> captions,
      int[] captionToImage) {
    this.data = data;
    this.images = List.copyOf(images);
    this.captions = List.copyOf(captions);
    this.captionToImage = captionToImage;
  }

  /** Opens {@code data}, recognizing its kind by what it is (folder, extension, pattern). */
  public static CaptionedDataset open(Path data) throws IOException {
    String text = data.toString();
    if (text.contains("{")) {
      return lines(data, TarShardSource.of(List.of(text)));
    }
    if (Files.isDirectory(data)) {
      List<Path> tars;
      try (Stream<Path> list = Files.list(data)) {
        tars = list.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
      }
      return tars.isEmpty()
          ? lines(data, new FolderRecordSource(data, FolderLayout.SIDECAR_CAPTIONS, List.of()))
          : lines(data, new TarShardSource(tars, TarShardSource.DEFAULT_MAX_ENTRY_BYTES));
    }
    if (!Files.isRegularFile(data)) {
      throw new NoSuchFileException(text, null, "no such caption folder or file");
    }
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return csv(data, name.endsWith(".tsv") ? '\t' : ',');
    }
    if (name.endsWith(".tar")) {
      return lines(data, new TarShardSource(List.of(data),
          TarShardSource.DEFAULT_MAX_ENTRY_BYTES));
    }
    throw new SourceFormatException(data + " is neither a .csv/.tsv file with path and caption "
        + "columns, a .tar shard nor an image folder with .txt captions");
  }

  /** The distinct images, in order of first appearance. */
  public List<Image> images() {
    return images;
  }

  /** Every caption, in reading order. */
  public List<String> captions() {
    return captions;
  }

  /** For each caption, the index of its image in {@link #images()} (a copy). */
  public int[] captionToImage() {
    return captionToImage.clone();
  }

  /** What was read, for messages. */
  public Path path() {
    return data;
  }

  /** CSV/TSV rows grouped by image path: each row adds one caption to its image. */
  private static CaptionedDataset csv(Path file, char separator) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    Map<Path, Integer> index = new LinkedHashMap<>();
    List<Image> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    CsvRecordSource rows = new CsvRecordSource(file, "path", "caption", separator);
    for (SourceItem.Pair p : LabelledDataset.pairs(rows, file)) {
      Path image = ((ImageData.File) p.image()).path().toAbsolutePath().normalize();
      Integer i = index.get(image);
      if (i == null) {
        i = images.size();
        index.put(image, i);
        images.add(new Image(base.relativize(image).toString(), p.image()));
      }
      captions.add(p.caption());
      owner.add(i);
    }
    return nonEmpty(file, images, captions, owner);
  }

  /** One record per image whose caption text holds one caption per non-blank line. */
  private static CaptionedDataset lines(Path data, RecordSource source) throws IOException {
    List<Image> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (SourceItem.Pair p : LabelledDataset.pairs(source, data)) {
      int i = images.size();
      images.add(new Image(p.key(), p.image()));
      p.caption().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(line -> {
        captions.add(line);
        owner.add(i);
      });
    }
    return nonEmpty(data, images, captions, owner);
  }

  private static CaptionedDataset nonEmpty(Path data, List<Image> images, List<String> captions,
      List<Integer> owner) throws SourceFormatException {
    if (images.isEmpty()) {
      throw new SourceFormatException(data + " holds no captioned images");
    }
    return new CaptionedDataset(data, images, captions,
        owner.stream().mapToInt(Integer::intValue).toArray());
  }
}
