package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The image of a record before decoding. Reading files and rendering synthetic images are
 * deferred so they run on the pipeline's worker threads, and skipping records on resume costs
 * nothing.
 */
public sealed interface ImageData {

  /** Decodes (or renders) the image with {@code decoder}; errors name {@code name}. */
  default Pixels decode(ImageDecoder decoder, String name) throws IOException {
    if (this instanceof File f) {
      return decoder.decode(f.path());
    }
    if (this instanceof Encoded e) {
      return decoder.decode(e.bytes(), name);
    }
    return ((Rendered) this).render().get();
  }

  /** Encoded bytes (JPEG, PNG, WebP, ...) already in memory, e.g. from a tar entry. */
  record Encoded(byte[] bytes, String extension) implements ImageData {}

  /** An encoded image file read by the worker that decodes it. */
  record File(Path path) implements ImageData {}

  /** Pixels produced on demand (synthetic data, IDX rows). */
  record Rendered(Supplier<Pixels> render) implements ImageData {}
}
