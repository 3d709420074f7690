package dev.clipjvm.clip.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.json.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
    return f.finishAndBuild(() -> new DataConfig(source, imageSize, aug, buffer, maxBad));
  }

  static SourceConfig source(JsonFields f) {
    String type = f.requiredText("type");
    return switch (type) {
      case "synthetic" -> {
        long seed = f.longInteger("seed", 0);
        long samples = f.longInteger("samples");
        boolean heldOut = f.bool("held_out", false);
        yield f.finishAndBuild(() -> new SyntheticSource(seed, samples, heldOut));
      }
      case "webdataset" -> {
        List<String> shards = f.texts("shards");
        yield f.finishAndBuild(() -> new WebDatasetSource(shards));
      }
      case "csv" -> {
        String path = f.requiredText("path");
        String image = f.text("image_column", "filepath");
        String caption = f.text("caption_column", "title");
        String sep = f.text("separator", path.toLowerCase(Locale.ROOT).endsWith(".tsv") ? "\t" : ",");
        if (sep.length() != 1) {
          f.problem("separator", "\"" + sep + "\" is not one character");
        }
        yield f.finishAndBuild(() -> new CsvSource(path, image, caption, sep.charAt(0)));
      }
      case "image_folder" -> {
        String path = f.requiredText("path");
        FolderLayout layout = layout(f);
        List<String> templates = f.texts("templates", List.of());
        yield f.finishAndBuild(() -> new ImageFolderSource(path, layout, templates));
      }
      case "idx" -> {
        String images = f.requiredText("images");
        String labels = f.requiredText("labels");
        List<String> names = f.texts("class_names");
        List<String> templates = f.texts("templates");
        yield f.finishAndBuild(() -> new IdxSource(images, labels, names, templates));
      }
      case "mixed" -> {
        List<WeightedSource> parts = weighted(f);
        yield f.finishAndBuild(() -> new MixedSource(parts));
      }
      case "" -> null;
      default -> {
        f.problem("type", "unknown source type \"" + type
            + "\" (known: synthetic, webdataset, csv, image_folder, idx, mixed)");
        yield null;
      }
    };
  }

  private static FolderLayout layout(JsonFields f) {
    String name = f.text("layout", "sidecar_captions");
    try {
      return FolderLayout.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      f.problem("layout", "unknown layout \"" + name + "\" (known: sidecar_captions, "
          + "class_per_folder)");
      return FolderLayout.SIDECAR_CAPTIONS;
    }
  }

  private static List<WeightedSource> weighted(JsonFields f) {
    List<WeightedSource> out = new ArrayList<>();
    Optional<JsonNode> list = f.required("sources");
    if (list.isPresent() && !list.get().isArray()) {
      f.problem("sources", "expected a list of {weight, source} objects");
      return out;
    }
    list.ifPresent(n -> {
      for (int i = 0; i < n.size(); i++) {
        JsonFields part = f.element("sources", n, i);
        double weight = part.number("weight", 1.0);
        SourceConfig s = part.object("source", DataReaders::source);
        WeightedSource w = part.finishAndBuild(() -> new WeightedSource(weight, s));
        if (w != null) {
          out.add(w);
        }
      }
    });
    return out;
  }

  static Augmentation augmentation(JsonFields f) {
    String type = f.requiredText("type");
    return switch (type) {
      case "center_crop" -> f.finishAndBuild(CenterCrop::new);
      case "random_square_crop" -> f.finishAndBuild(RandomSquareCrop::new);
      case "random_resized_crop" -> {
        double[] scale = f.pair("scale", 0.9, 1.0);
        double[] ratio = f.pair("ratio", 3.0 / 4.0, 4.0 / 3.0);
        yield f.finishAndBuild(
            () -> new RandomResizedCrop(scale[0], scale[1], ratio[0], ratio[1]));
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
    List<Stage> stages = new ArrayList<>();
    f.required("stages").ifPresent(n -> {
      if (!n.isArray()) {
        f.problem("stages", "expected a list of stage objects");
        return;
      }
      for (int i = 0; i < n.size(); i++) {
        Stage s = StageReader.stage(f.element("stages", n, i));
        if (s != null) {
          stages.add(s);
        }
      }
    });
    return f.finishAndBuild(() -> new DataPipeline(source, stages));
  }

  static DataPosition position(JsonFields f) {
    long draws = f.longInteger("draws");
    List<DataPosition.Part> parts = new ArrayList<>();
    f.required("parts").ifPresent(n -> {
      if (!n.isArray()) {
        f.problem("parts", "expected an array of {epoch, consumed} objects, got " + n);
        return;
      }
      for (int i = 0; i < n.size(); i++) {
        JsonFields p = f.element("parts", n, i);
        long epoch = p.longInteger("epoch");
        long consumed = p.longInteger("consumed");
        DataPosition.Part part = p.finishAndBuild(() -> new DataPosition.Part(epoch, consumed));
        if (part != null) {
          parts.add(part);
        }
      }
    });
    return f.finishAndBuild(() -> new DataPosition(draws, parts));
  }
}
