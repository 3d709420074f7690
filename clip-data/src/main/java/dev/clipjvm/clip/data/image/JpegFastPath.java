package dev.clipjvm.clip.data.image;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/**
 * A faster route for the common JPEG (three YCbCr components, JFIF or Adobe transform 1): the
 * JDK's libjpeg reader returns the decoded, upsampled YCbCr raster, and the colour conversion is
 * done here with libjpeg's own fixed-point tables, so the pixels are the same as the full
 * ImageIO path (and Pillow's) while skipping its per-scanline image conversion.
 */
final class JpegFastPath {

  private static final int SCALE_BITS = 16;
  private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
  private static final int[] CR_R = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CB_G = new int[256];
  private static final ImageReaderSpi JDK_READER = findJdkReader();

  static {
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
      CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
      CR_G[i] = -fix(0.71414) * x;
      CB_G[i] = -fix(0.34414) * x + ONE_HALF;
    }
  }

  private JpegFastPath() {}

  private static int fix(double v) {
    return (int) (v * (1L << SCALE_BITS) + 0.5);
  }

  private static ImageReaderSpi findJdkReader() {
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
      ImageReader reader = it.next();
      if (reader.getClass().getName().startsWith("com.sun.imageio.plugins.jpeg.")) {
        return reader.getOriginatingProvider();
      }
    }
    return null;
  }

  /** A fresh JDK JPEG reader when {@code bytes} is a YCbCr JPEG this path handles, else null. */
  static ImageReader readerFor(byte[] bytes) {
    if (JDK_READER == null || !isYcbcrJpeg(bytes)) {
      return null;
    }
    try {
      return JDK_READER.createReaderInstance();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Scans the markers up to the first scan: 3 components, 8 bits, JFIF or Adobe transform 1. */
  static boolean isYcbcrJpeg(byte[] b) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return false;
    }
    boolean jfif = false;
    int adobeTransform = -1;
    int components = -1;
    int i = 2;
    while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
      int marker = b[i + 1] & 0xFF;
      int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      int data = i + 4;
      if (marker == 0xDA) {
        break;
      }
      if (marker == 0xE0 && length >= 7 && data + 5 <= b.length && b[data] == 'J'
          && b[data + 1] == 'F' && b[data + 2] == 'I' && b[data + 3] == 'F' && b[data + 4] == 0) {
        jfif = true;
      } else if (marker == 0xEE && length >= 12 && data + 12 <= b.length && b[data] == 'A'
          && b[data + 1] == 'd' && b[data + 2] == 'o' && b[data + 3] == 'b' && b[data + 4] == 'e') {
        adobeTransform = b[data + 11] & 0xFF;
      } else if ((marker == 0xC0 || marker == 0xC1 || marker == 0xC2) && data + 6 <= b.length) {
        if ((b[data] & 0xFF) != 8) {
          return false;
        }
        components = b[data + 5] & 0xFF;
      }
      i += 2 + length;
    }
    return components == 3 && (adobeTransform == 1 || (adobeTransform < 0 && jfif));
  }

  /**
   * RGB pixels from a decoded YCbCr raster, converted as libjpeg's {@code ycc_rgb_convert}; the
   * raster's own buffer is reused, so the raster must not be used afterwards.
   */
  static Pixels toRgb(Raster raster) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    byte[] ycc = packed(raster, w, h);
    byte[] rgb = ycc; // converted in place: each pixel is read before it is written
    for (int p = 0; p < rgb.length; p += 3) {
      int y = ycc[p] & 0xFF;
      int cb = ycc[p + 1] & 0xFF;
      int cr = ycc[p + 2] & 0xFF;
      rgb[p] = clamp(y + CR_R[cr]);
      rgb[p + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
      rgb[p + 2] = clamp(y + CB_B[cb]);
    }
    return Pixels.rgb(w, h, rgb);
  }

  private static byte[] packed(Raster raster, int w, int h) {
    if (raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && raster.getDataBuffer() instanceof DataBufferByte buffer && sm.getPixelStride() == 3
        && sm.getScanlineStride() == 3 * w && buffer.getOffset() == 0
        && java.util.Arrays.equals(sm.getBandOffsets(), new int[] {0, 1, 2})
        && buffer.getData().length == 3 * w * h) {
      return buffer.getData();
    }
    byte[] out = new byte[w * h * 3];
    int[] row = new int[w * 3];
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int i = 0; i < row.length; i++) {
        out[y * w * 3 + i] = (byte) row[i];
      }
    }
    return out;
  }

  private static byte clamp(int v) {
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
