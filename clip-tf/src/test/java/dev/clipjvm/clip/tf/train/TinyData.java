package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.data.pipeline.BatchSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Random pixel batches with random token rows, a pure function of the position. */
final class TinyData {
  static final int IMAGE = 4;
  static final int VOCAB = 12;
  static final int END = VOCAB - 1;
  static final int CONTEXT = 5;

  private TinyData() {}

  static Batch batch(long position, int size) {
    byte[] pixels = new byte[size * IMAGE * IMAGE * 3];
    int[] tokens = new int[size * CONTEXT];
    for (int i = 0; i < size; i++) {
      SplittableRandom r = new SplittableRandom(1000 + position + i);
      for (int p = 0; p < IMAGE * IMAGE * 3; p++) {
        pixels[i * IMAGE * IMAGE * 3 + p] = (byte) r.nextInt(256);
      }
      int len = 1 + r.nextInt(CONTEXT - 1);
      for (int j = 0; j < len; j++) {
        tokens[i * CONTEXT + j] = r.nextInt(VOCAB - 1);
      }
      tokens[i * CONTEXT + len] = END;
    }
    return Batch.of(IMAGE, pixels, CONTEXT, tokens);
  }

  /** Batches addressed by position alone, for tests. */
  interface Addressed {
    Batch batch(long position, int size);
  }

  /** A source of {@code batches} that never ends, records no stream position, has no epoch. */
  static BatchSource source(Addressed batches) {
    return new BatchSource() {
      @Override
      public Optional<Batch> batch(long pairs, int size) {
        return Optional.of(batches.batch(pairs, size));
      }

      @Override
      public Optional<DataPosition> streamPosition(long pairs) {
        return Optional.empty();
      }

      @Override
      public OptionalLong epochSize() {
        return OptionalLong.empty();
      }
    };
  }

  /** The random batches of {@link #batch} as a source. */
  static BatchSource source() {
    return source(TinyData::batch);
  }
}
