package dev.clipjvm.clip.data.pipeline;

/** Encodes a caption to exactly {@code contextLength} token ids. Must be thread-safe. */
@FunctionalInterface
public interface CaptionTokenizer {

  /** The ids with start and end tokens, truncated or zero-padded to {@code contextLength}. */
  int[] tokenize(String caption, int contextLength);
}
