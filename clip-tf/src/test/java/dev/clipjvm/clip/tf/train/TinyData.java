package dev.clipjvm.clip.tf.train;

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
    int[][] tokens = new int[size][CONTEXT];
    for (int i = 0; i < size; i++) {
      SplittableRandom r = new SplittableRandom(1000 + position + i);
      for (int p = 0; p < IMAGE * IMAGE * 3; p++) {
        pixels[i * IMAGE * IMAGE * 3 + p] = (byte) r.nextInt(256);
      }
      int len = 1 + r.nextInt(CONTEXT - 1);
      for (int j = 0; j < len; j++) {
        tokens[i][j] = r.nextInt(VOCAB - 1);
      }
      tokens[i][len] = END;
    }
    return new Batch(size, IMAGE, pixels, tokens);
  }

  /** A batch source whose position {@code poison} onward yields NaN-producing images. */
  static BatchSource source() {
    return TinyData::batch;
  }
}
