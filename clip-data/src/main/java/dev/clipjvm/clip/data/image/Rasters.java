package dev.clipjvm.clip.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Converts decoded {@link BufferedImage}s to {@link Pixels} without colour management: samples
 * are taken as stored (gray stays gray, 16-bit samples keep their high byte), palette images are
 * looked up, and the common interleaved BGR layout is copied with a fast path.
 */
final class Rasters {

  private Rasters() {}

  static Pixels toPixels(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    int w = image.getWidth();
    int h = image.getHeight();
    if (cm instanceof IndexColorModel) {
      return viaArgb(image, true);
    }
    int space = cm.getColorSpace().getType();
    if (!(cm instanceof ComponentColorModel)
        || (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY)) {
      return viaArgb(image, false);
    }
    byte[] bgr = interleavedBgr(raster, w, h);
    if (bgr != null) {
      byte[] rgb = new byte[bgr.length];
      for (int i = 0; i < bgr.length; i += 3) {
        rgb[i] = bgr[i + 2];
        rgb[i + 1] = bgr[i + 1];
        rgb[i + 2] = bgr[i];
      }
      return Pixels.rgb(w, h, rgb);
    }
    int bands = raster.getNumBands();
    if (bands < 1 || bands > 4) {
      return viaArgb(image, false);
    }
    int shift = Math.max(0, DataBuffer.getDataTypeSize(raster.getTransferType()) - 8);
    byte[] out = new byte[w * h * bands];
    int[] row = new int[w * bands];
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      int o = y * w * bands;
      for (int i = 0; i < row.length; i++) {
        out[o + i] = (byte) (row[i] >>> shift);
      }
    }
    return new Pixels(w, h, bands, false, out);
  }

  /** The raw BGR bytes when the raster is a tightly packed 3-byte BGR buffer, else null. */
  private static byte[] interleavedBgr(Raster raster, int w, int h) {
    if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
        || !(raster.getDataBuffer() instanceof DataBufferByte buffer)) {
      return null;
    }
    int[] offsets = sm.getBandOffsets();
    boolean packed = sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * w
        && offsets.length == 3 && offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0
        && buffer.getNumBanks() == 1 && buffer.getOffset() == 0 && raster.getParent() == null
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    return packed && buffer.getData().length == 3 * w * h ? buffer.getData() : null;
  }

  private static Pixels viaArgb(BufferedImage image, boolean indexed) {
    int w = image.getWidth();
    int h = image.getHeight();
    boolean alpha = image.getColorModel().hasAlpha();
    int c = alpha ? 4 : 3;
    byte[] out = new byte[w * h * c];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int o = y * w * c;
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        out[o++] = (byte) (argb >> 16);
        out[o++] = (byte) (argb >> 8);
        out[o++] = (byte) argb;
        if (alpha) {
          out[o++] = (byte) (argb >>> 24);
        }
      }
    }
    return new Pixels(w, h, c, indexed, out);
  }
}
