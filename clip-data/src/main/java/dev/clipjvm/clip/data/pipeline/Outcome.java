package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.data.source.BadReason;

/** What a worker made of one record: a sample, or the reason it was skipped. */
sealed interface Outcome {

  /** A ready sample: square RGB pixels, token ids and the class label (-1: none). */
  record Sample(String key, byte[] pixels, String caption, int[] tokens, int label)
      implements Outcome {}

  /** A skipped record. */
  record Skipped(String key, BadReason reason, String detail) implements Outcome {}
}
