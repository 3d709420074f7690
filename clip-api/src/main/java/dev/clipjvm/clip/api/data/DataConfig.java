package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import java.util.OptionalInt;

/**
 * The data part of an experiment: the source, the square image size, the augmentation, the
 * shuffle buffer and the tolerated fraction of bad records. {@link #pipeline} turns it into the
 * standard training pipeline for a batch size, context length, seed and worker rank.
 *
 * @param source where pairs come from
 * @param imageSize side of the square model input in pixels
 * @param augmentation how a decoded image becomes an input
 * @param shuffleBuffer records in the shuffle buffer; 0 keeps the source order
 * @param maxBadFraction fraction of bad records above which the run stops, in [0, 1]
 */
public record DataConfig(SourceConfig source, int imageSize, Augmentation augmentation,
    int shuffleBuffer, double maxBadFraction) {

  /** Validates every field and reports all problems at once. */
  public DataConfig {
    new Problems()
        .check(source != null, "source", "must not be null")
        .check(augmentation != null, "augmentation", "must not be null")
        .positive("image_size", imageSize)
        .atMost("image_size", imageSize, Limits.MAX_IMAGE_SIZE)
        .check(shuffleBuffer >= 0, "shuffle_buffer", shuffleBuffer + " must not be negative")
        .check(maxBadFraction >= 0 && maxBadFraction <= 1, "max_bad_fraction",
            maxBadFraction + " is not in [0, 1]")
        .throwIfAny();
  }

  /** Defaults: 224 px, open_clip's random resized crop (scale 0.9-1.0), buffer 1000, 5% bad. */
  public static DataConfig of(SourceConfig source) {
    return new DataConfig(source, 224, Augmentation.randomResizedCrop(), 1000, 0.05);
  }

  /** The training pipeline read without end ({@link #pipeline(int, int, long, int, int,
   * OptionalInt)} with no epoch count). */
  public DataPipeline pipeline(int batchSize, int contextLength, long seed, int rank,
      int worldSize) {
    return pipeline(batchSize, contextLength, seed, rank, worldSize, OptionalInt.empty());
  }

  /**
   * The training pipeline: shard for {@code rank} of {@code worldSize}, {@code epochs} passes
   * (forever when empty), shuffle with {@code seed}, decode, augment, tokenize to {@code
   * contextLength}, batch {@code batchSize} (smaller last batches dropped). Every field of this
   * record becomes a stage, for every source: synthetic images pass decode unchanged (they are
   * generated as pixels) but are augmented, shuffled and counted like decoded files.
   */
  public DataPipeline pipeline(int batchSize, int contextLength, long seed, int rank,
      int worldSize, OptionalInt epochs) {
    DataPipeline p = DataPipeline.from(source);
    if (worldSize > 1) {
      p = p.shard(rank, worldSize);
    }
    p = epochs.isPresent() ? p.epochs(epochs.getAsInt()) : p.forever();
    if (shuffleBuffer > 0) {
      p = p.shuffle(shuffleBuffer, seed);
    }
    return p.decode(Stage.Decode.DEFAULT_MAX_PIXELS, maxBadFraction)
        .augment(imageSize, augmentation)
        .tokenize(contextLength)
        .batch(batchSize, true);
  }

  public DataConfig withSource(SourceConfig v) {
    return new DataConfig(v, imageSize, augmentation, shuffleBuffer, maxBadFraction);
  }

  public DataConfig withImageSize(int v) {
    return new DataConfig(source, v, augmentation, shuffleBuffer, maxBadFraction);
  }

  public DataConfig withAugmentation(Augmentation v) {
    return new DataConfig(source, imageSize, v, shuffleBuffer, maxBadFraction);
  }

  public DataConfig withShuffleBuffer(int v) {
    return new DataConfig(source, imageSize, augmentation, v, maxBadFraction);
  }

  public DataConfig withMaxBadFraction(double v) {
    return new DataConfig(source, imageSize, augmentation, shuffleBuffer, v);
  }
}
