package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Truncated and CRC-failing images are bad records, as Pillow treats them. */
class StrictDecodingTest {

  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS,
      Optional.empty());

  /** A noisy 64x64 RGB image: its JPEG scan is long enough to cut in the middle. */
  static BufferedImage noise() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  @Test
  void decodesTheWholeJpeg() throws IOException {
    assertThat(decoder.decode(encode(noise(), "jpeg"), "whole.jpg").width()).isEqualTo(64);
  }

  @Test
  void rejectsAJpegCutMidScan() throws IOException {
    byte[] jpeg = encode(noise(), "jpeg");
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
    assertThatThrownBy(() -> decoder.decode(cut, "cut.jpg"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("cut.jpg: image file is truncated");
  }

  @Test
  void rejectsAPngWithABadCrc() throws IOException {
    byte[] png = encode(noise(), "png");
    assertThat(decoder.decode(png, "good.png").width()).isEqualTo(64);
    byte[] bad = png.clone();
    bad[bad.length - 20] ^= 0x10; // inside the last IDAT's data
    assertThatThrownBy(() -> decoder.decode(bad, "bad.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("bad.png: broken PNG file (bad CRC in chunk 'IDAT'");
  }

  @Test
  void rejectsAPngWhoseChunksStopBeforeIend() throws IOException {
    byte[] png = encode(noise(), "png");
    byte[] cut = Arrays.copyOf(png, png.length - 12); // the IEND chunk is gone
    assertThatThrownBy(() -> decoder.decode(cut, "noend.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("noend.png: image file is truncated");
  }
}
