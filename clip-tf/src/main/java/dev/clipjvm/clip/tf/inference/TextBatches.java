package dev.clipjvm.clip.tf.inference;

/** Helpers for token-id batches. */
final class TextBatches {
  private TextBatches() {}

  /**
   * Position of the end-of-text token: the first position of the largest id, as the reference's
   * {@code argmax} picks it.
   */
  static int endPosition(int[] ids) {
    int best = 0;
    for (int i = 1; i < ids.length; i++) {
      if (ids[i] > ids[best]) {
        best = i;
      }
    }
    return best;
  }
}
