package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;

/**
 * One step of a {@link DataPipeline}. Record-level stages (shard, repeat, shuffle) act on
 * undecoded records; sample-level stages (decode, augment, tokenize) run on the worker pool;
 * batch and prefetch shape the output. A pipeline lists them in that order.
 */
public sealed interface Stage
    permits Stage.Shard, Stage.Epochs, Stage.Forever, Stage.Shuffle, Stage.Decode, Stage.Augment,
        Stage.Tokenize, Stage.Batch, Stage.Prefetch {

  /** The JSON {@code stage} name. */
  String name();

  /** Position of this kind of stage in a pipeline (stages appear in non-decreasing order). */
  int order();

  /**
   * Keeps the records whose index in the source order is {@code rank} modulo {@code worldSize},
   * so distributed workers see disjoint data.
   */
  record Shard(int rank, int worldSize) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Shard {
      new Problems()
          .positive("world_size", worldSize)
          .check(rank >= 0 && rank < Math.max(worldSize, 1), "rank",
              rank + " is not in [0, world_size " + worldSize + ")")
          .throwIfAny();
    }

    @Override
    public String name() {
      return "shard";
    }

    @Override
    public int order() {
      return 0;
    }
  }

  /** Passes over the source {@code count} times, reshuffling each epoch. */
  record Epochs(int count) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Epochs {
      new Problems().positive("count", count).throwIfAny();
    }

    @Override
    public String name() {
      return "epochs";
    }

    @Override
    public int order() {
      return 1;
    }
  }

  /** Passes over the source without end (each epoch reshuffled); the trainer decides when to stop. */
  record Forever() implements Stage {
    @Override
    public String name() {
      return "forever";
    }

    @Override
    public int order() {
      return 1;
    }
  }

  /**
   * A shuffle buffer of {@code buffer} records drawn at random with {@code seed} (mixed with the
   * epoch number, so every epoch has its own order).
   */
  record Shuffle(int buffer, long seed) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Shuffle {
      new Problems().positive("buffer", buffer).throwIfAny();
    }

    @Override
    public String name() {
      return "shuffle";
    }

    @Override
    public int order() {
      return 2;
    }
  }

  /**
   * Decodes images; records that cannot be used (corrupt, truncated, missing caption, more than
   * {@code maxPixels} pixels, unsafe tar entry) are skipped and counted, and the run stops once
   * more than {@code maxBadFraction} of the records seen were bad.
   */
  record Decode(long maxPixels, double maxBadFraction) implements Stage {
    /** PIL's decompression-bomb limit, {@code Image.MAX_IMAGE_PIXELS}. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

    /** Validates every field and reports all problems at once. */
    public Decode {
      new Problems()
          .positive("max_pixels", maxPixels)
          .check(maxBadFraction >= 0 && maxBadFraction <= 1, "max_bad_fraction",
              maxBadFraction + " is not in [0, 1]")
          .throwIfAny();
    }

    @Override
    public String name() {
      return "decode";
    }

    @Override
    public int order() {
      return 3;
    }
  }

  /** Makes a square {@code imageSize} input from the decoded image. */
  record Augment(int imageSize, Augmentation augmentation) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Augment {
      new Problems()
          .positive("image_size", imageSize)
          .atMost("image_size", imageSize, Limits.MAX_IMAGE_SIZE)
          .check(augmentation != null, "augmentation", "must not be null")
          .throwIfAny();
    }

    @Override
    public String name() {
      return "augment";
    }

    @Override
    public int order() {
      return 4;
    }
  }

  /** Encodes captions to {@code contextLength} token ids (start and end tokens included). */
  record Tokenize(int contextLength) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Tokenize {
      new Problems()
          .check(contextLength >= 2, "context_length", contextLength + " leaves no room for text")
          .atMost("context_length", contextLength, Limits.MAX_CONTEXT)
          .throwIfAny();
    }

    @Override
    public String name() {
      return "tokenize";
    }

    @Override
    public int order() {
      return 5;
    }
  }

  /** Groups {@code size} samples; a last, smaller batch is dropped when {@code dropLast}. */
  record Batch(int size, boolean dropLast) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Batch {
      new Problems().positive("size", size).atMost("size", size, Limits.MAX_BATCH).throwIfAny();
    }

    @Override
    public String name() {
      return "batch";
    }

    @Override
    public int order() {
      return 6;
    }
  }

  /** Decodes on {@code workers} threads and keeps at most {@code batches} batches ready. */
  record Prefetch(int batches, int workers) implements Stage {
    /** Validates every field and reports all problems at once. */
    public Prefetch {
      new Problems().positive("batches", batches).positive("workers", workers)
          .atMost("workers", workers, Limits.MAX_WORKERS).throwIfAny();
    }

    @Override
    public String name() {
      return "prefetch";
    }

    @Override
    public int order() {
      return 7;
    }
  }
}
