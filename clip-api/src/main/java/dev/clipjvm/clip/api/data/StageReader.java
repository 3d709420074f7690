package dev.clipjvm.clip.api.data;

/** Reads one {@link Stage} from its JSON object ({@code {"stage": "batch", "size": 64}}). */
final class StageReader {
  private StageReader() {}

  static Stage stage(JsonFields f) {
    int before = f.problemCount();
    String name = f.requiredText("stage");
    return switch (name) {
      case "shard" -> {
        int rank = f.int32("rank", 0);
        int world = f.int32("world_size", 1);
        yield f.build(before, () -> new Stage.Shard(rank, world));
      }
      case "epochs" -> {
        int count = f.int32("count", 1);
        yield f.build(before, () -> new Stage.Epochs(count));
      }
      case "forever" -> f.build(before, Stage.Forever::new);
      case "shuffle" -> {
        int buffer = f.int32("buffer", 1000);
        long seed = f.integer("seed", 0);
        yield f.build(before, () -> new Stage.Shuffle(buffer, seed));
      }
      case "decode" -> {
        long maxPixels = f.integer("max_pixels", Stage.Decode.DEFAULT_MAX_PIXELS);
        double maxBad = f.number("max_bad_fraction", 0.05);
        yield f.build(before, () -> new Stage.Decode(maxPixels, maxBad));
      }
      case "augment" -> {
        int size = f.int32("image_size", 224);
        Augmentation aug = f.nested("augmentation", false, DataReaders::augmentation)
            .orElse(Augmentation.randomResizedCrop());
        yield f.build(before, () -> new Stage.Augment(size, aug));
      }
      case "tokenize" -> {
        int ctx = f.int32("context_length", 77);
        yield f.build(before, () -> new Stage.Tokenize(ctx));
      }
      case "batch" -> {
        int size = (int) f.requiredInteger("size");
        boolean dropLast = f.bool("drop_last", false);
        yield f.build(before, () -> new Stage.Batch(size, dropLast));
      }
      case "prefetch" -> {
        int batches = f.int32("batches", 4);
        int workers = (int) f.requiredInteger("workers");
        yield f.build(before, () -> new Stage.Prefetch(batches, workers));
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
