package dev.clipjvm.clip.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG (baseline, progressive, CMYK, grayscale), GIF (first frame), BMP and WebP
 * through ImageIO with the TwelveMonkeys plugins into 8-bit {@link Pixels}, after checking the
 * pixel count the header declares against a limit.
 *
 * <p>Gray stays one channel and palette images are expanded to RGB(A) and marked indexed; use
 * {@link Pixels#toRgb()} for RGB with alpha dropped. Three-component YCbCr JPEGs go to a
 * {@link FastJpegDecoder} when one is installed (clip-tf's uses TensorFlow's libjpeg-turbo), with
 * the same pixels. Thread-safe (readers are per call).
 */
public final class ImageDecoder {

  /** Pillow's warning threshold for decompression bombs, 89,478,485 pixels (about 0.25 GiB RGBA). */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private final long maxPixels;
  private final Optional<FastJpegDecoder> fastJpeg;

  /**
   * A decoder that rejects images declaring more than {@code maxPixels} pixels and hands the
   * common YCbCr JPEGs to {@code fastJpeg} when present (falling back to ImageIO if it fails).
   */
  public ImageDecoder(long maxPixels, Optional<FastJpegDecoder> fastJpeg) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
    this.fastJpeg = Objects.requireNonNull(fastJpeg, "fastJpeg");
  }

  /**
   * A decoder with a pixel limit that uses the {@linkplain FastJpegDecoder#installed() installed}
   * fast JPEG decoder, if any.
   */
  public ImageDecoder(long maxPixels) {
    this(maxPixels, FastJpegDecoder.installed());
  }

  /** A decoder with the {@link #DEFAULT_MAX_PIXELS} limit. */
  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /** The fast JPEG decoder this decoder uses, if any. */
  public Optional<FastJpegDecoder> fastJpeg() {
    return fastJpeg;
  }

  /** The pixel limit. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Decodes the image file at {@code path}; a directory, device or FIFO is refused without being
   * opened (opening a FIFO waits for a writer).
   */
  public Pixels decode(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new ImageDecodeException(path.toString(), Files.isDirectory(path)
          ? "is a directory, not an image file"
          : Files.exists(path) ? "not a regular file (a device, FIFO or socket)" : "no such file");
    }
    return decode(Files.readAllBytes(path), path.toString());
  }

  /** Decodes encoded image bytes; {@code source} names them in errors. */
  public Pixels decode(byte[] bytes, String source) throws ImageDecodeException {
    if (bytes.length == 0) {
      throw new ImageDecodeException(source, "empty file (0 bytes)");
    }
    StrictChecks.checkPng(bytes, source);
    if (fastJpeg.isPresent()) {
      int[] size = JpegFastPath.ycbcrSize(bytes);
      if (size != null) {
        checkSize(source, size[0], size[1]);
        try {
          return fastJpeg.get().decodeRgb(bytes, source);
        } catch (ImageDecodeException | RuntimeException e) {
          // Not decodable this way: the paths below decode it or report the error.
        }
      }
    }
    ImageReader jpeg = JpegFastPath.readerFor(bytes);
    if (jpeg != null) {
      try (ImageInputStream in = new BoundedInput(bytes)) {
        jpeg.setInput(in, true, true);
        checkSize(source, jpeg.getWidth(0), jpeg.getHeight(0));
        StrictChecks.Warnings warnings = StrictChecks.watch(jpeg);
        Raster raster = jpeg.readRaster(0, null);
        warnings.check(source);
        return JpegFastPath.toRgb(raster);
      } catch (ImageDecodeException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        // Not decodable this way: the general path below decodes it or reports the error.
      } finally {
        jpeg.dispose();
      }
    }
    try (ImageInputStream in = new BoundedInput(bytes)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException(source, "not a recognized image format (PNG, JPEG, GIF, BMP"
            + " or WebP expected; first bytes " + hexPrefix(bytes) + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkSize(source, reader.getWidth(0), reader.getHeight(0));
        StrictChecks.Warnings warnings = StrictChecks.watch(reader);
        BufferedImage image = reader.read(0);
        warnings.check(source);
        return Rasters.toPixels(image);
      } finally {
        reader.dispose();
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (BoundedInput.ReadPastEnd e) {
      throw new ImageDecodeException(source, e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(source, "corrupt or truncated image", e);
    }
  }

  private void checkSize(String source, int width, int height) throws ImageDecodeException {
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(source, "declares an empty size " + width + "x" + height);
    }
    if ((long) width * height > maxPixels) {
      throw new ImageTooLargeException(source, width, height, maxPixels);
    }
  }

  private static String hexPrefix(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      s.append(String.format("%02x", bytes[i] & 0xFF));
    }
    return s.toString();
  }
}
