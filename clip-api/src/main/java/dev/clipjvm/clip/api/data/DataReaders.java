package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.json.JsonFields;
import java.util.List;
import java.util.Locale;

/** Readers from JSON objects to data descriptions; each returns null after recording problems. */
final class DataReaders {
  private DataReaders() {}

  static DataConfig config(JsonFields f) {
    SourceConfig source = f.object("source", DataReaders::source);
    int imageSize = f.integer("image_size", 224);
    Augmentation aug = f.object("augmentation", DataReaders::augmentation,
        Augmentation.randomResizedCrop());
    int buffer = f.integer("shuffle_buffer", 1000);
    double maxBad = f.number("max_bad_fraction", 0.05);
    return f.build(() -> new DataConfig(source, imageSize, aug, buffer, maxBad));
  }

  static SourceConfig source(JsonFields f) {
    String type = f.requiredText("type");
    return switch (type) {
      case "synthetic" -> {
        long seed = f.longInteger("seed", 0);
        long samples = f.longInteger("samples");
        boolean heldOut = f.bool("held_out", false);
        SyntheticShift shift = f.choice("shift", SyntheticShift.NONE, SyntheticShift.values());
        yield f.build(() -> new SyntheticSource(seed, samples, heldOut, shift));
      }
      case "webdataset" -> {
        List<String> shards = f.texts("shards");
        yield f.build(() -> new WebDatasetSource(shards));
      }
      case "csv" -> {
        String path = f.requiredText("path");
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
        String path = f.requiredText("path");
        FolderLayout layout = f.choice("layout", FolderLayout.SIDECAR_CAPTIONS,
            FolderLayout.values());
        List<String> templates = f.texts("templates", List.of());
        yield f.build(() -> new ImageFolderSource(path, layout, templates));
      }
      case "idx" -> {
        String images = f.requiredText("images");
        String labels = f.requiredText("labels");
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
    String type = f.requiredText("type");
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
