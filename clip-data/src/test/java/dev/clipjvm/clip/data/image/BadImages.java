package dev.clipjvm.clip.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Small generated images, whole and damaged, for the tests of strict decoding here and of the
 * commands in clip-examples (which reads this class from clip-data's test jar).
 */
public final class BadImages {
  /**
   * A 95-byte lossless WebP (found by fuzzing) whose header declares 24 x 10243 pixels and whose
   * data ends after a few bytes; TwelveMonkeys' decoder took 31 s to reject it.
   */
  private static final String LOSSLESS_WEBP_CUT = "UklGRlwAAABXRUJQVlA4TFAAAAAvF4AAGlA4TFAAAAAvR"
      + "xpm2rax+o1EgQzB+BOaorZtoLYbi+s5/hrBzn8Agg3hgWDMSZnSrnbdnr8HsgDT6D2PUWQRRyBF9D/sWQA=";

  private BadImages() {}

  /** A noisy 64x64 RGB image: its JPEG scan is long enough to cut in the middle. */
  public static BufferedImage noise() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  /** {@code image} encoded by ImageIO as {@code format} ("png", "jpeg"). */
  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The noise image as a whole PNG. */
  public static byte[] png() {
    return encode(noise(), "png");
  }

  /** The noise image as a whole JPEG. */
  public static byte[] jpeg() {
    return encode(noise(), "jpeg");
  }

  /** The noise JPEG cut at two thirds, in the middle of its scan. */
  public static byte[] cutJpeg() {
    byte[] jpeg = jpeg();
    return Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
  }

  /** The noise PNG with one bit flipped inside its last IDAT chunk's data (a bad CRC). */
  public static byte[] badCrcPng() {
    byte[] bad = png();
    bad[bad.length - 20] ^= 0x10;
    return bad;
  }

  /** The 95-byte lossless WebP whose data ends long before its declared pixels. */
  public static byte[] cutLosslessWebp() {
    return Base64.getDecoder().decode(LOSSLESS_WEBP_CUT);
  }
}
