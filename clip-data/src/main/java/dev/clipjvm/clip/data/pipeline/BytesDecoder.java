package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.data.image.Pixels;

/** Decodes encoded image bytes (JPEG, PNG, WebP, ...) to RGB pixels. Must be thread-safe. */
@FunctionalInterface
public interface BytesDecoder {

  /**
   * Decodes {@code bytes}; throws {@link BadRecordException} with
   * {@link dev.clipjvm.clip.data.source.BadReason#CORRUPT_IMAGE} for undecodable bytes and
   * {@link dev.clipjvm.clip.data.source.BadReason#OVERSIZED_IMAGE} for more than
   * {@code maxPixels} pixels (checked from the header, before decoding).
   */
  Pixels decode(byte[] bytes, long maxPixels) throws BadRecordException;
}
