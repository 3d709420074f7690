package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.json.JsonFields;

/** Reads one {@link Stage} from its JSON object ({@code {"stage": "batch", "size": 64}}). */
final class StageReader {
  private StageReader() {}

  static Stage stage(JsonFields f) {
    String name = f.requiredText("stage");
    return switch (name) {
      case "shard" -> {
        int rank = f.integer("rank", 0);
        int world = f.integer("world_size", 1);
        yield f.build(() -> new Stage.Shard(rank, world));
      }
      case "epochs" -> {
        int count = f.integer("count", 1);
        yield f.build(() -> new Stage.Epochs(count));
      }
      case "forever" -> f.build(Stage.Forever::new);
      case "shuffle" -> {
        int buffer = f.integer("buffer", 1000);
        long seed = f.longInteger("seed", 0);
        yield f.build(() -> new Stage.Shuffle(buffer, seed));
      }
      case "decode" -> {
        long maxPixels = f.longInteger("max_pixels", Stage.Decode.DEFAULT_MAX_PIXELS);
        double maxBad = f.number("max_bad_fraction", 0.05);
        yield f.build(() -> new Stage.Decode(maxPixels, maxBad));
      }
      case "augment" -> {
        int size = f.integer("image_size", 224);
        Augmentation aug = f.object("augmentation", DataReaders::augmentation,
            Augmentation.randomResizedCrop());
        yield f.build(() -> new Stage.Augment(size, aug));
      }
      case "tokenize" -> {
        int ctx = f.integer("context_length", 77);
        yield f.build(() -> new Stage.Tokenize(ctx));
      }
      case "batch" -> {
        int size = f.integer("size");
        boolean dropLast = f.bool("drop_last", false);
        yield f.build(() -> new Stage.Batch(size, dropLast));
      }
      case "prefetch" -> {
        int batches = f.integer("batches", 4);
        int workers = f.integer("workers");
        yield f.build(() -> new Stage.Prefetch(batches, workers));
      }
      case "" -> null;
      default -> {
        f.problem("stage", "unknown stage \"" + name + "\" (known: shard, epochs, forever, "
            + "shuffle, decode, augment, tokenize, batch, prefetch)");
        yield null;
      }
    };
  }
}
