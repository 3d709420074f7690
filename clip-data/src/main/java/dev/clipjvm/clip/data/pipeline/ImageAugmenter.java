package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.data.image.Pixels;

/** Makes a square model input from decoded pixels. Must be thread-safe. */
@FunctionalInterface
public interface ImageAugmenter {

  /**
   * Returns {@code size * size * 3} RGB bytes (row-major) made from {@code image} by
   * {@code augmentation}, drawing any random choice from {@code seed} only.
   */
  byte[] apply(Pixels image, int size, Augmentation augmentation, long seed);
}
