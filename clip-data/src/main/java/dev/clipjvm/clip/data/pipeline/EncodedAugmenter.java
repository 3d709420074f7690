package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.Augmentation;
import java.util.Optional;

/**
 * An optional fused path from encoded bytes straight to the square input (for example decoding
 * only the crop window of a JPEG). It returns empty for inputs it does not handle, which then go
 * through {@link BytesDecoder} and {@link ImageAugmenter}. Must be thread-safe.
 */
@FunctionalInterface
public interface EncodedAugmenter {

  /**
   * The {@code size * size * 3} RGB bytes for {@code bytes}, or empty to use the general path.
   * Throws {@link BadRecordException} for corrupt or oversized images it recognizes.
   */
  Optional<byte[]> apply(byte[] bytes, int size, Augmentation augmentation, long seed,
      long maxPixels) throws BadRecordException;

  /** Handles nothing. */
  static EncodedAugmenter none() {
    return (bytes, size, augmentation, seed, maxPixels) -> Optional.empty();
  }
}
