package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

  // 4x3 lossless WebP, CMYK (Adobe) JPEG of pure red, progressive JPEG of (30, 160, 90);
  // written with Pillow 9.4 for these tests.
  private static final String WEBP = "UklGRlwAAABXRUJQVlA4TFAAAAAvA4AAAF+gEAAapmMQQAzz55lHGmbatrH6jU"
      + "SBDMH4E5qitm2gthuL6zn+GsHOfwCCDeGBYMxJmdKudt2evweyANPoPY9RZBFHIEX0P+xZAA==";
  static final String CMYK_JPEG = "/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwACAQEBAQECAQEBAgICAgIEAw"
      + "ICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/8AAFAgACAAIBEMRAE0RAFkRAE"
      + "sRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUS"
      + "ITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpj"
      + "ZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2d"
      + "rh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwD9/K/n/r+f+v38r//Z";
  private static final String PROGRESSIVE_JPEG = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQ"
      + "ECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/2wBDAQICAgICAgU"
      + "DAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgr/wgARCAAQABAD"
      + "ASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAVAQEBAAAAAAAAAAAAAAAAAAAFB//aAAwDAQACEAMQ"
      + "AAABggWE/wD/xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAEFAh//xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oA"
      + "CAEDAQE/AX//xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oACAECAQE/AX//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oA"
      + "CAEBAAY/Ah//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAE/IR//2gAMAwEAAgADAAAAEAP/xAAUEQEAAAAA"
      + "AAAAAAAAAAAAAAAA/9oACAEDAQE/EH//xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oACAECAQE/EH//xAAUEAEAAAAA"
      + "AAAAAAAAAAAAAAAg/9oACAEBAAE/EB//2Q==";

  private final ImageDecoder decoder = new ImageDecoder();

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).as("writer for " + format).isTrue();
    return out.toByteArray();
  }

  private static BufferedImage rgbTestImage(int type) {
    BufferedImage image = new BufferedImage(5, 4, type);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        image.setRGB(x, y, (x * 50) << 16 | (y * 60) << 8 | 77);
      }
    }
    return image;
  }

  @Test
  void decodesPngAndBmpToExactRgb() throws IOException {
    for (String format : new String[] {"png", "bmp"}) {
      Pixels p = decoder.decode(encode(rgbTestImage(BufferedImage.TYPE_3BYTE_BGR), format), format);
      assertThat(p.channels()).isEqualTo(3);
      assertThat(new int[] {p.sample(3, 2, 0), p.sample(3, 2, 1), p.sample(3, 2, 2)})
          .containsExactly(150, 120, 77);
    }
  }

  @Test
  void keepsGrayAsOneChannelWithoutGammaChange() throws IOException {
    BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});
    Pixels p = decoder.decode(encode(gray, "png"), "gray.png");
    assertThat(p.channels()).isEqualTo(1);
    assertThat(p.data()).containsExactly(0, 100, (byte) 255);
    assertThat(p.toRgb().data()).containsExactly(0, 0, 0, 100, 100, 100, -1, -1, -1);
  }

  @Test
  void expandsPaletteGifAndMarksItIndexed() throws IOException {
    byte[] r = {(byte) 255, 0};
    byte[] g = {0, 0};
    byte[] b = {0, (byte) 255};
    BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(1, 2, r, g, b));
    pal.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 0});
    Pixels p = decoder.decode(encode(pal, "gif"), "pal.gif");
    assertThat(p.indexed()).isTrue();
    assertThat(p.toRgb().data()).containsExactly(0, 0, -1, -1, 0, 0);
  }

  @Test
  void keepsAlphaSoTheTransformCanDropIt() throws IOException {
    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00C86432); // fully transparent (200, 100, 50)
    Pixels p = decoder.decode(encode(argb, "png"), "alpha.png");
    assertThat(p.channels()).isEqualTo(4);
    assertThat(p.toRgb().data()).containsExactly((byte) 200, 100, 50);
  }

  @Test
  void decodesLosslessWebp() throws IOException {
    Pixels p = decoder.decode(Base64.getDecoder().decode(WEBP), "x.webp");
    assertThat(p.width()).isEqualTo(4);
    assertThat(p.height()).isEqualTo(3);
    assertThat(Arrays.copyOfRange(p.toRgb().data(), 0, 6)).containsExactly(-1, 0, 0, 0, -1, 0);
    assertThat(p.toRgb().sample(0, 2, 0)).isEqualTo(200);
  }

  @Test
  void decodesCmykAndProgressiveJpeg() throws IOException {
    Pixels cmyk = decoder.decode(Base64.getDecoder().decode(CMYK_JPEG), "cmyk.jpg").toRgb();
    assertThat(cmyk.sample(3, 3, 0)).isGreaterThan(200);
    assertThat(cmyk.sample(3, 3, 1)).isLessThan(60);
    assertThat(cmyk.sample(3, 3, 2)).isLessThan(60);
    Pixels progressive = decoder.decode(Base64.getDecoder().decode(PROGRESSIVE_JPEG), "p.jpg");
    assertThat(new int[] {progressive.sample(3, 3, 0), progressive.sample(3, 3, 1),
        progressive.sample(3, 3, 2)}).containsExactly(30, 160, 90);
  }

  @Test
  void rejectsAZeroByteFile(@TempDir Path dir) throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    assertThatThrownBy(() -> decoder.decode(empty))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("empty.jpg")
        .hasMessageContaining("empty file");
  }

  @Test
  void rejectsATruncatedPng() throws IOException {
    byte[] png = encode(rgbTestImage(BufferedImage.TYPE_3BYTE_BGR), "png");
    byte[] truncated = Arrays.copyOf(png, png.length / 2);
    assertThatThrownBy(() -> decoder.decode(truncated, "cut.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("cut.png")
        .hasMessageContaining("image file is truncated");
  }

  @Test
  void rejectsUnknownBytes() {
    byte[] text = "hello, not an image".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> decoder.decode(text, "notes.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("not a recognized image format");
  }

  @Test
  void rejectsADecompressionBombFromItsHeaderQuickly() {
    byte[] bomb = pngHeader(50_000, 50_000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> decoder.decode(bomb, "bomb.png"))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("50000x50000 = 2500000000 pixels")
        .hasMessageContaining("limit of 89478485");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void appliesAConfigurableLimit() throws IOException {
    byte[] png = encode(rgbTestImage(BufferedImage.TYPE_3BYTE_BGR), "png");
    assertThatThrownBy(() -> new ImageDecoder(19).decode(png, "small.png"))
        .isInstanceOf(ImageTooLargeException.class);
    assertThat(new ImageDecoder(20).decode(png, "small.png").width()).isEqualTo(5);
  }

  /** PNG signature, IHDR (8-bit RGB) with a valid CRC, and an IEND: no pixel data at all. */
  static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteBuffer out = ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
    out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
    byte[] iend = "IEND".getBytes(StandardCharsets.US_ASCII);
    out.putInt(0).put(iend).putInt(crc(iend));
    return out.array();
  }

  private static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
