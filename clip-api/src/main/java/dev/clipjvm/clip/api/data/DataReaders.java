package dev.clipjvm.clip.api.data;

import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.of;
import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.withDefault;
import static java.util.Map.entry;

import dev.clipjvm.clip.api.json.ConfigSchema.Doc;
import dev.clipjvm.clip.api.json.JsonFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Readers from JSON objects to data descriptions; each returns null after recording problems. */
final class DataReaders {
  private DataReaders() {}

  /** The reference of a data configuration's keys (docs/configuration.md is generated from it). */
  private static final Map<String, Doc> CONFIG_DOCS = Map.of(
      "source", of("where the (image, caption) pairs come from; the `type` picks one of the "
          + "sources below"),
      "image_size", of("side of the square training images in pixels; must equal the model's "
          + "`vision_cfg.image_size`"),
      "augmentation", withDefault("`random_resized_crop` with its defaults",
          "how a training image is cropped and resized; the `type` picks one of the "
          + "augmentations below"),
      "shuffle_buffer", of("records held for shuffling (0: source order); at least 0"),
      "max_bad_fraction", of("largest fraction of records that may fail to decode before the "
          + "run stops; in [0, 1]"));

  private static final Map<String, Doc> SOURCE_DOCS = Map.ofEntries(
      entry("type", of("the kind of source")),
      entry("synthetic:seed", of("seed of the built-in shapes-and-colours images")),
      entry("synthetic:samples", of("distinct pairs in one epoch; positive")),
      entry("synthetic:held_out", of("draw only (shape, colour) combinations that training "
          + "never shows")),
      entry("synthetic:shift", withDefault("none", "a distribution shift of the drawing: "
          + "`colored_background`, `outline`, `filled`, `pastel` or `noise` (same objects, "
          + "labels and captions; for robustness sets)")),
      entry("webdataset:shards", of("tar shards as img2dataset writes them (`KEY.jpg` + "
          + "`KEY.txt`); brace patterns such as `shard-{00000..00099}.tar` expand in order; "
          + "relative paths start at the configuration file's folder")),
      entry("csv:path", of("the CSV or TSV file; image paths in it are relative to its folder; "
          + "a relative `path` starts at the configuration file's folder")),
      entry("csv:image_column", of("header of the column holding image paths (open_clip's "
          + "name)")),
      entry("csv:caption_column", of("header of the column holding captions")),
      entry("csv:separator", withDefault("`\"\\t\"` for a `.tsv` path, else `\",\"`",
          "the one-character column separator")),
      entry("image_folder:path", of("the image folder; relative to the configuration file's "
          + "folder")),
      entry("image_folder:layout", of("`sidecar_captions`: `x.jpg` captioned by `x.txt`; "
          + "`class_per_folder`: one folder per class, captions from `templates`")),
      entry("image_folder:templates", of("caption templates with `{}` for the class name "
          + "(`class_per_folder` only)")),
      entry("idx:images", of("IDX3 image file (MNIST format, gzip or plain); relative to the "
          + "configuration file's folder")),
      entry("idx:labels", of("IDX1 label file; relative to the configuration file's folder")),
      entry("idx:class_names", of("class names in label order")),
      entry("idx:templates", of("caption templates with `{}` for the class name")),
      entry("mixed:sources", of("the sources mixed, each drawn with its weight, without end "
          + "(give `training.steps`)")),
      entry("mixed:sources[].weight", of("relative weight of the part; positive")),
      entry("mixed:sources[].source", of("a source object as `data.source` (any type but "
          + "`mixed`)")),
      entry("mixed:sources[].source.type", of("the kind of source, as `data.source.type`")));

  private static final Map<String, Doc> AUGMENTATION_DOCS = Map.of(
      "type", of("`center_crop`: resize the shorter side and crop the centre (no randomness); "
          + "`random_square_crop`: a random square crop, resized; `random_resized_crop`: "
          + "torchvision's RandomResizedCrop"),
      "random_resized_crop:scale", of("range of the crop's area as a fraction of the image; "
          + "0 < low <= high <= 1"),
      "random_resized_crop:ratio", of("range of the crop's aspect ratio; 0 < low <= high"));

  static DataConfig config(JsonFields f) {
    f.document(CONFIG_DOCS);
    SourceConfig source = f.object("source", DataReaders::source);
    int imageSize = f.integer("image_size", 224);
    Augmentation aug = f.object("augmentation", DataReaders::augmentation,
        Augmentation.randomResizedCrop());
    int buffer = f.integer("shuffle_buffer", 1000);
    double maxBad = f.number("max_bad_fraction", 0.05);
    return f.build(() -> new DataConfig(source, imageSize, aug, buffer, maxBad));
  }

  static SourceConfig source(JsonFields f) {
    f.document(SOURCE_DOCS);
    String type = f.variant("type", "synthetic", "webdataset", "csv", "image_folder", "idx",
        "mixed");
    return switch (type) {
      case "synthetic" -> {
        long seed = f.longInteger("seed", 0);
        long samples = f.longInteger("samples");
        boolean heldOut = f.bool("held_out", false);
        SyntheticShift shift = f.choice("shift", SyntheticShift.NONE, SyntheticShift.values());
        yield f.build(() -> new SyntheticSource(seed, samples, heldOut, shift));
      }
      case "webdataset" -> {
        List<String> shards = f.files("shards");
        yield f.build(() -> new WebDatasetSource(shards));
      }
      case "csv" -> {
        String path = f.file("path", true);
        String image = f.text("image_column", "filepath");
        String caption = f.text("caption_column", "title");
        String sep = f.text("separator",
            path.toLowerCase(Locale.ROOT).endsWith(".tsv") ? "\t" : ",");
        if (sep.length() != 1) {
          f.problem("separator", "\"" + sep + "\" is not one character");
        }
        char separator = sep.isEmpty() ? ',' : sep.charAt(0); // "" was reported above
        yield f.build(() -> new CsvSource(path, image, caption, separator));
      }
      case "image_folder" -> {
        String path = f.file("path", true);
        FolderLayout layout = f.choice("layout", FolderLayout.SIDECAR_CAPTIONS,
            FolderLayout.values());
        List<String> templates = f.texts("templates", List.of());
        yield f.build(() -> new ImageFolderSource(path, layout, templates));
      }
      case "idx" -> {
        String images = f.file("images", true);
        String labels = f.file("labels", true);
        List<String> names = f.texts("class_names");
        List<String> templates = f.texts("templates");
        yield f.build(() -> new IdxSource(images, labels, names, templates));
      }
      case "mixed" -> {
        List<WeightedSource> parts = f.list("sources", DataReaders::weighted);
        yield f.build(() -> new MixedSource(parts));
      }
      case "" -> null;
      default -> {
        f.problem("type", "unknown source type \"" + type
            + "\" (known: synthetic, webdataset, csv, image_folder, idx, mixed)");
        yield null;
      }
    };
  }

  private static WeightedSource weighted(JsonFields part) {
    double weight = part.number("weight", 1.0);
    SourceConfig s = part.object("source", DataReaders::source);
    return part.build(() -> new WeightedSource(weight, s));
  }

  static Augmentation augmentation(JsonFields f) {
    f.document(AUGMENTATION_DOCS);
    String type = f.variant("type", "center_crop", "random_square_crop", "random_resized_crop");
    return switch (type) {
      case "center_crop" -> f.build(CenterCrop::new);
      case "random_square_crop" -> f.build(RandomSquareCrop::new);
      case "random_resized_crop" -> {
        double[] scale = f.pair("scale", 0.9, 1.0);
        double[] ratio = f.pair("ratio", 3.0 / 4.0, 4.0 / 3.0);
        yield f.build(() -> new RandomResizedCrop(scale[0], scale[1], ratio[0], ratio[1]));
      }
      case "" -> null;
      default -> {
        f.problem("type", "unknown augmentation \"" + type
            + "\" (known: center_crop, random_resized_crop, random_square_crop)");
        yield null;
      }
    };
  }

  static DataPipeline pipeline(JsonFields f) {
    SourceConfig source = f.object("source", DataReaders::source);
    List<Stage> stages = f.list("stages", StageReader::stage);
    return f.build(() -> new DataPipeline(source, stages));
  }

  static DataPosition position(JsonFields f) {
    long draws = f.longInteger("draws");
    List<DataPosition.Part> parts = f.list("parts", p -> {
      long epoch = p.longInteger("epoch");
      long consumed = p.longInteger("consumed");
      return p.build(() -> new DataPosition.Part(epoch, consumed));
    });
    return f.build(() -> new DataPosition(draws, parts));
  }
}
