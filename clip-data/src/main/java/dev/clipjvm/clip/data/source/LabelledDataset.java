package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.FolderLayout;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.data.idx.IdxArray;
import dev.clipjvm.clip.data.idx.IdxReader;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.synthetic.SceneRenderer;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Labelled images for evaluation and feature extraction, read through the record sources
 * training uses: a class-per-folder directory ({@code DATA/CLASS/x.jpg}), a CSV or TSV file with
 * a header holding {@code path} and {@code label} columns (paths relative to the file),
 * WebDataset shards with a {@code cls} label id per sample (a {@code .tar} file, a brace pattern
 * {@code shard-{00000..00009}.tar}, or a directory of {@code .tar} files), or an MNIST-format
 * image file ({@code *-images-idx3-ubyte[.gz]}, labels from the
 * {@code *-labels-idx1-ubyte[.gz]} beside it).
 *
 * <p>Labels are indices into {@link #classKeys()}: the sorted folder names; the label ids
 * {@code 0..max} when every label is a non-negative integer (IDX, WebDataset, numeric CSV
 * labels); else the
 * sorted distinct label strings. A record that cannot be used (a file outside a class folder, a
 * row without a path, an image that does not decode) is an error naming it, never skipped:
 * evaluation figures must cover the whole set.
 */
public final class LabelledDataset {
  private static final Pattern ID = Pattern.compile("0|[1-9][0-9]{0,8}");

  /**
   * One labelled image.
   *
   * @param name the image's path relative to the data (a folder's or CSV's relative path, an
   *     IDX index)
   * @param label index into {@link #classKeys()}
   * @param image the undecoded image
   */
  public record Item(String name, int label, ImageData image) {
    /** Decodes the image with {@code decoder}, naming the item when it cannot. */
    public Pixels decode(ImageDecoder decoder) throws IOException {
      return image.decode(decoder, name);
    }
  }

  private final Path data;
  private final List<String> classKeys;
  private final boolean numeric;
  private final List<Item> items;

  private LabelledDataset(Path data, List<String> classKeys, boolean numeric, List<Item> items) {
    this.data = data;
    this.classKeys = List.copyOf(classKeys);
    this.numeric = numeric;
    this.items = List.copyOf(items);
  }

  /** Opens {@code data}, recognizing its kind by what it is (folder, extension, IDX name). */
  public static LabelledDataset open(Path data) throws IOException {
    if (data.toString().contains("{")) {
      return shards(data, TarShardSource.of(List.of(data.toString())).shards());
    }
    if (Files.isDirectory(data)) {
      List<Path> tars;
      try (Stream<Path> list = Files.list(data)) {
        tars = list.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
      }
      boolean classFolders;
      try (Stream<Path> list = Files.list(data)) {
        classFolders = list.anyMatch(Files::isDirectory);
      }
      return tars.isEmpty() || classFolders ? folder(data) : shards(data, tars);
    }
    if (!Files.isRegularFile(data)) {
      throw new NoSuchFileException(data.toString(), null, "no such image folder or file");
    }
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return csv(data, name.endsWith(".tsv") ? '\t' : ',');
    }
    if (name.endsWith(".tar")) {
      return shards(data, List.of(data));
    }
    if (name.contains("images-idx3-ubyte")) {
      return idx(data);
    }
    throw new SourceFormatException(data + " is neither a class-per-folder directory, a "
        + ".csv/.tsv file, a .tar shard nor an IDX images file (*-images-idx3-ubyte[.gz])");
  }

  /**
   * The images of a synthetic evaluation set (the test split, or the held-out combinations),
   * drawn at {@code imageSize} pixels from the dataset of {@code seed} under the set's shift and
   * labelled by its attribute; the class keys are the attribute's class names. These are the
   * images training-time zero-shot evaluation scores ({@code data.pipeline.EvalSets}).
   */
  public static LabelledDataset synthetic(LabelledSet.Synthetic set, long seed, int imageSize) {
    SyntheticDataset ds = new SyntheticDataset(SyntheticSpec.of(seed, imageSize)
        .withShift(set.shift()));
    Split split = set.heldOutCombos() ? Split.HELD_OUT_COMBOS : Split.TEST;
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < set.count(); i++) {
      SyntheticDataset.Drawn d = ds.draw(split, i);
      int label = set.attribute() == Attribute.SHAPE ? d.subject().shape().ordinal()
          : d.subject().color().ordinal();
      items.add(new Item("synthetic-" + i, label, new ImageData.Rendered(() -> Pixels.rgb(
          imageSize, imageSize, SceneRenderer.render(d.scene(), imageSize)))));
    }
    String name = "synthetic " + set.attribute().name().toLowerCase(Locale.ROOT)
        + (set.heldOutCombos() ? " held-out" : "") + " " + set.shift().id();
    return new LabelledDataset(Path.of(name), set.attribute().classNames(), false, items);
  }

  /** The class keys labels index, in label order. */
  public List<String> classKeys() {
    return classKeys;
  }

  /** True when the class keys are label ids {@code 0..n-1} rather than names. */
  public boolean numericKeys() {
    return numeric;
  }

  /** The images in a fixed order. */
  public List<Item> items() {
    return items;
  }

  /** What was read, for messages. */
  public Path path() {
    return data;
  }

  private static LabelledDataset folder(Path root) throws IOException {
    FolderRecordSource source = new FolderRecordSource(root, FolderLayout.CLASS_PER_FOLDER,
        List.of("{}"));
    List<String> classes = source.classes();
    if (classes.isEmpty()) {
      throw new SourceFormatException(root + " has no class folders (DATA/CLASS/image.jpg)");
    }
    List<Item> items = new ArrayList<>();
    for (SourceItem.Pair p : pairs(source, root)) {
      items.add(new Item(p.key(), p.label().orElseThrow(), p.image()));
    }
    return nonEmpty(new LabelledDataset(root, classes, false, items));
  }

  private static LabelledDataset csv(Path file, char separator) throws IOException {
    List<SourceItem.Pair> rows = pairs(new CsvRecordSource(file, "path", "label", separator), file);
    boolean numeric = rows.stream().allMatch(p -> ID.matcher(p.caption()).matches());
    List<String> keys;
    if (numeric) {
      int max = rows.stream().mapToInt(p -> Integer.parseInt(p.caption())).max().orElse(-1);
      keys = IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
    } else {
      keys = List.copyOf(new TreeSet<>(rows.stream().map(SourceItem.Pair::caption).toList()));
    }
    Path base = file.toAbsolutePath().getParent();
    List<Item> items = new ArrayList<>();
    for (SourceItem.Pair p : rows) {
      Path image = ((ImageData.File) p.image()).path();
      items.add(new Item(base.relativize(image.toAbsolutePath()).toString(),
          keys.indexOf(p.caption()), p.image()));
    }
    return nonEmpty(new LabelledDataset(file, keys, numeric, items));
  }

  private static LabelledDataset shards(Path data, List<Path> tars) throws IOException {
    for (Path p : tars) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString(), null, "no such tar shard");
      }
    }
    List<SourceItem.Pair> samples = pairs(TarShardSource.labelled(tars), data);
    int max = samples.stream().mapToInt(p -> p.label().orElseThrow()).max().orElse(-1);
    List<String> keys = IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
    List<Item> items = new ArrayList<>();
    for (SourceItem.Pair p : samples) {
      items.add(new Item(p.key(), p.label().orElseThrow(), p.image()));
    }
    return nonEmpty(new LabelledDataset(data, keys, true, items));
  }

  private static LabelledDataset idx(Path images) throws IOException {
    String name = images.getFileName().toString();
    Path labels = images.resolveSibling(name.replace("images-idx3-ubyte", "labels-idx1-ubyte"));
    if (!Files.isRegularFile(labels)) {
      throw new NoSuchFileException(labels.toString(), null,
          "the labels file of " + images + " (expected beside it)");
    }
    IdxArray lab = IdxReader.read(labels);
    int max = IntStream.range(0, Math.toIntExact(lab.count())).map(lab::unsigned).max()
        .orElse(-1);
    List<String> keys = IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
    List<Item> items = new ArrayList<>();
    for (SourceItem.Pair p : pairs(new IdxRecordSource(images, labels, keys, List.of("{}")),
        images)) {
      items.add(new Item(p.key().substring("idx-".length()), p.label().orElseThrow(),
          p.image()));
    }
    return nonEmpty(new LabelledDataset(images, keys, true, items));
  }

  /** Every record of {@code source} as a pair; the first unusable one is an error. */
  static List<SourceItem.Pair> pairs(RecordSource source, Path data)
      throws IOException {
    List<SourceItem.Pair> out = new ArrayList<>();
    try (RecordStream s = source.open()) {
      while (s.hasNext()) {
        SourceItem item = s.next();
        if (item instanceof SourceItem.Deferred d) {
          item = d.load().get();
        }
        if (item instanceof SourceItem.Bad b) {
          throw new SourceFormatException(data + ": " + b.detail());
        }
        out.add((SourceItem.Pair) item);
      }
    }
    return out;
  }

  private static LabelledDataset nonEmpty(LabelledDataset d) throws SourceFormatException {
    if (d.items.isEmpty()) {
      throw new SourceFormatException(d.data + " holds no images");
    }
    return d;
  }
}
