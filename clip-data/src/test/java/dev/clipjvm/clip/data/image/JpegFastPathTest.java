package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegFastPathTest {

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }

  private static BufferedImage noise(int w, int h, int type) {
    BufferedImage image = new BufferedImage(w, h, type);
    SplittableRandom random = new SplittableRandom(11);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  @Test
  void recognizesOnlyThreeComponentYcbcrJpegs() throws IOException {
    assertThat(JpegFastPath.isYcbcrJpeg(jpeg(noise(9, 7, BufferedImage.TYPE_3BYTE_BGR)))).isTrue();
    assertThat(JpegFastPath.isYcbcrJpeg(jpeg(noise(9, 7, BufferedImage.TYPE_BYTE_GRAY))))
        .isFalse();
    byte[] cmyk = Base64.getDecoder().decode(ImageDecoderTest.CMYK_JPEG);
    assertThat(JpegFastPath.isYcbcrJpeg(cmyk)).isFalse();
    assertThat(JpegFastPath.isYcbcrJpeg(ImageDecoderTest.pngHeader(4, 4))).isFalse();
    assertThat(JpegFastPath.isYcbcrJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8})).isFalse();
  }

  @Test
  void givesTheSamePixelsAsTheFullImageIoPath() throws IOException {
    byte[] bytes = jpeg(noise(37, 23, BufferedImage.TYPE_3BYTE_BGR));
    Pixels fast = new ImageDecoder().decode(bytes, "noise.jpg");
    Pixels full = Rasters.toPixels(ImageIO.read(new ByteArrayInputStream(bytes)));
    assertThat(fast.width()).isEqualTo(37);
    assertThat(fast.data()).containsExactly(full.data());
  }
}
