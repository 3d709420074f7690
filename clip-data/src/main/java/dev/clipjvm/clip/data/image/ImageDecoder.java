package dev.clipjvm.clip.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG (baseline, progressive, CMYK, grayscale), GIF (first frame), BMP and WebP
 * through ImageIO with the TwelveMonkeys plugins into 8-bit {@link Pixels}, after checking the
 * pixel count the header declares against a limit.
 *
 * <p>Gray stays one channel and palette images are expanded to RGB(A) and marked indexed; use
 * {@link Pixels#toRgb()} for RGB with alpha dropped. Thread-safe (readers are per call).
 */
public final class ImageDecoder {

  /** Pillow's warning threshold for decompression bombs, 89,478,485 pixels (about 0.25 GiB RGBA). */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private final long maxPixels;

  /** A decoder that rejects images declaring more than {@code maxPixels} pixels. */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  /** A decoder with the {@link #DEFAULT_MAX_PIXELS} limit. */
  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /** The pixel limit. */
  public long maxPixels() {
    return maxPixels;
  }

  /** Decodes the image file at {@code path}. */
  public Pixels decode(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new ImageDecodeException(path.toString(), "no such file");
    }
    return decode(Files.readAllBytes(path), path.toString());
  }

  /** Decodes encoded image bytes; {@code source} names them in errors. */
  public Pixels decode(byte[] bytes, String source) throws ImageDecodeException {
    if (bytes.length == 0) {
      throw new ImageDecodeException(source, "empty file (0 bytes)");
    }
    ImageReader jpeg = JpegFastPath.readerFor(bytes);
    if (jpeg != null) {
      try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
        jpeg.setInput(in, true, true);
        checkSize(source, jpeg.getWidth(0), jpeg.getHeight(0));
        return JpegFastPath.toRgb(jpeg.readRaster(0, null));
      } catch (ImageTooLargeException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        // Not decodable this way: the general path below decodes it or reports the error.
      } finally {
        jpeg.dispose();
      }
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException(source, "not a recognized image format (PNG, JPEG, GIF, BMP"
            + " or WebP expected; first bytes " + hexPrefix(bytes) + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkSize(source, reader.getWidth(0), reader.getHeight(0));
        BufferedImage image = reader.read(0);
        return Rasters.toPixels(image);
      } finally {
        reader.dispose();
      }
    } catch (ImageDecodeException e) {
      throw e;
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
