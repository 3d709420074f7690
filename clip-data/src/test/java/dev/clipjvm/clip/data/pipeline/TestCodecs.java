package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.data.source.BadReason;
import dev.clipjvm.clip.data.image.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Small codecs for loader tests: ImageIO decoding, a nearest-neighbour crop at a random offset,
 * and a tokenizer that maps characters to ids. The real ones live in the image and text packages.
 */
public final class TestCodecs {
  private TestCodecs() {}

  /** Decoder, augmenter and tokenizer for tests. */
  public static SampleCodecs codecs() {
    return new SampleCodecs(TestCodecs::decode, (image, size, aug, seed) -> {
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      int ox = random.nextInt(Math.max(1, image.width() - size + 1));
      int oy = random.nextInt(Math.max(1, image.height() - size + 1));
      byte[] out = new byte[size * size * 3];
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int sx = Math.min(image.width() - 1, ox + x);
          int sy = Math.min(image.height() - 1, oy + y);
          System.arraycopy(image.data(), (sy * image.width() + sx) * 3, out, (y * size + x) * 3, 3);
        }
      }
      return out;
    }, (caption, ctx) -> {
      int[] ids = new int[ctx];
      for (int i = 0; i < Math.min(ctx, caption.length()); i++) {
        ids[i] = caption.charAt(i);
      }
      return ids;
    });
  }

  static Pixels decode(byte[] bytes, long maxPixels) throws BadRecordException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new BadRecordException(BadReason.CORRUPT_IMAGE, "undecodable image: " + e);
    }
    if (img == null) {
      throw new BadRecordException(BadReason.CORRUPT_IMAGE, "unknown image format");
    }
    if ((long) img.getWidth() * img.getHeight() > maxPixels) {
      throw new BadRecordException(BadReason.OVERSIZED_IMAGE, "too many pixels");
    }
    byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        int i = (y * img.getWidth() + x) * 3;
        rgb[i] = (byte) (p >> 16);
        rgb[i + 1] = (byte) (p >> 8);
        rgb[i + 2] = (byte) p;
      }
    }
    return Pixels.rgb(img.getWidth(), img.getHeight(), rgb);
  }

  /** A {@code w x h} image whose pixels encode {@code seed}, encoded as {@code format}. */
  public static byte[] image(int w, int h, int seed, String format) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((seed * 37 + x * 5) & 0xFF) << 16 | ((seed * 11 + y * 7) & 0xFF) << 8
            | (seed * 53 & 0xFF));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
