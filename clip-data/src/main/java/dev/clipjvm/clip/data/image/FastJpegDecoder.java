package dev.clipjvm.clip.data.image;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A faster decoder for the common JPEG (three YCbCr components, 8 bits, JFIF or Adobe transform 1,
 * baseline or progressive) that must give exactly the pixels of the ImageIO path, which are
 * Pillow's (libjpeg's accurate integer DCT and fancy upsampling). {@link ImageDecoder} checks the
 * header and the pixel limit first and falls back to ImageIO when this decoder throws.
 *
 * <p>Implementations are found with {@link ServiceLoader} (a module on the class path, such as
 * clip-tf, registers one); {@link #installed()} returns the first, unless the system property
 * {@value #DISABLE_PROPERTY} is {@code false}. They must be thread-safe.
 */
public interface FastJpegDecoder {

  /** System property that turns the installed decoder off when set to {@code false}. */
  String DISABLE_PROPERTY = "clip.image.fastJpeg";

  /** The RGB pixels of {@code jpeg}; {@code source} names the data in errors. */
  Pixels decodeRgb(byte[] jpeg, String source) throws ImageDecodeException;

  /** A short name for reports, such as {@code "tensorflow"}. */
  String name();

  /** The installed decoder, found once per class loader; empty when none is or it is disabled. */
  static Optional<FastJpegDecoder> installed() {
    return InstalledJpegDecoder.DECODER;
  }
}

/** Lazily loaded holder of the installed decoder. */
final class InstalledJpegDecoder {
  static final Optional<FastJpegDecoder> DECODER = load();

  private InstalledJpegDecoder() {}

  private static Optional<FastJpegDecoder> load() {
    if ("false".equalsIgnoreCase(System.getProperty(FastJpegDecoder.DISABLE_PROPERTY, "true"))) {
      return Optional.empty();
    }
    return ServiceLoader.load(FastJpegDecoder.class, FastJpegDecoder.class.getClassLoader())
        .findFirst();
  }
}
