package dev.clipjvm.clip.tf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.data.image.FastJpegDecoder;
import dev.clipjvm.clip.data.image.ImageDecodeException;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.ImageTooLargeException;
import dev.clipjvm.clip.data.image.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class TfJpegDecoderTest {

  /** A noisy gradient with an odd size, so chroma upsampling and the right/bottom edges matter. */
  private static byte[] jpeg(int w, int h, boolean progressive, float quality) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(7);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (x * 255 / w + random.nextInt(40)) & 0xFF;
        int g = (y * 255 / h + random.nextInt(40)) & 0xFF;
        int b = ((x ^ y) + random.nextInt(20)) & 0xFF;
        img.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static void assertSamePixelsAsImageIo(byte[] jpg, int w, int h) throws Exception {
    Pixels imageIo = new ImageDecoder(1_000_000, Optional.empty()).decode(jpg, "imageio");
    try (TfJpegDecoder tf = new TfJpegDecoder()) {
      Pixels fast = tf.decodeRgb(jpg, "tf");
      assertThat(fast.width()).isEqualTo(w);
      assertThat(fast.height()).isEqualTo(h);
      assertThat(fast.channels()).isEqualTo(3);
      assertThat(imageIo.channels()).isEqualTo(3);
      int differing = 0;
      for (int i = 0; i < fast.data().length; i++) {
        differing += fast.data()[i] != imageIo.data()[i] ? 1 : 0;
      }
      assertThat(differing).as("samples differing from ImageIO").isZero();
      assertThat(Arrays.equals(fast.data(), imageIo.data())).isTrue();
    }
  }

  @Test
  void baselineJpegHasTheImageIoPixels() throws Exception {
    assertSamePixelsAsImageIo(jpeg(317, 211, false, 0.9f), 317, 211);
  }

  @Test
  void progressiveJpegHasTheImageIoPixels() throws Exception {
    assertSamePixelsAsImageIo(jpeg(150, 99, true, 0.75f), 150, 99);
  }

  @Test
  void imageDecoderUsesItForYcbcrJpegsAndImageIoOtherwise() throws Exception {
    byte[] jpg = jpeg(64, 48, false, 0.8f);
    byte[] gray = grayJpeg(40, 30);
    CountingDecoder counting = new CountingDecoder();
    try (counting.tf) {
      ImageDecoder decoder = new ImageDecoder(1_000_000, Optional.of(counting));
      assertThat(decoder.fastJpeg()).get().extracting(FastJpegDecoder::name)
          .isEqualTo("tensorflow");
      Pixels viaTf = decoder.decode(jpg, "rgb.jpg");
      assertThat(counting.calls).isEqualTo(1);
      assertThat(viaTf.data()).isEqualTo(
          new ImageDecoder(1_000_000, Optional.empty()).decode(jpg, "imageio").data());
      Pixels g = decoder.decode(gray, "gray.jpg");
      assertThat(counting.calls).isEqualTo(1);
      assertThat(g.channels()).isEqualTo(1);
    }
  }

  @Test
  void isTheInstalledDecoderThatImageDecoderUsesByDefault() throws Exception {
    assertThat(FastJpegDecoder.installed()).get().extracting(FastJpegDecoder::name)
        .isEqualTo("tensorflow");
    ImageDecoder decoder = new ImageDecoder();
    assertThat(decoder.fastJpeg()).get().isInstanceOf(TfJpegDecoder.class);
    byte[] jpg = jpeg(64, 48, false, 0.8f);
    Pixels viaDefault = decoder.decode(jpg, "default");
    Pixels viaImageIo = new ImageDecoder(1_000_000, Optional.empty()).decode(jpg, "imageio");
    assertThat(viaDefault.data()).isEqualTo(viaImageIo.data());
  }

  @Test
  void thePixelLimitIsCheckedBeforeTensorFlowDecodes() throws Exception {
    byte[] jpg = jpeg(64, 48, false, 0.8f);
    CountingDecoder counting = new CountingDecoder();
    try (counting.tf) {
      ImageDecoder decoder = new ImageDecoder(1000, Optional.of(counting));
      assertThatThrownBy(() -> decoder.decode(jpg, "big.jpg"))
          .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("big.jpg");
      assertThat(counting.calls).isZero();
    }
  }

  private static byte[] grayJpeg(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, (x * 5 + y * 3) & 0xFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  /** Counts the JPEGs handed to TensorFlow. */
  private static final class CountingDecoder implements FastJpegDecoder {
    final TfJpegDecoder tf = new TfJpegDecoder();
    int calls;

    @Override
    public Pixels decodeRgb(byte[] jpeg, String source) throws ImageDecodeException {
      calls++;
      return tf.decodeRgb(jpeg, source);
    }

    @Override
    public String name() {
      return tf.name();
    }
  }

  @Test
  void corruptDataIsAnImageDecodeExceptionAndImageDecoderStillReportsIt() throws Exception {
    byte[] jpg = jpeg(64, 48, false, 0.8f);
    byte[] broken = Arrays.copyOf(jpg, 400);
    Arrays.fill(broken, 300, 400, (byte) 0x17);
    try (TfJpegDecoder tf = new TfJpegDecoder()) {
      assertThatThrownBy(() -> tf.decodeRgb(broken, "broken.jpg"))
          .isInstanceOf(ImageDecodeException.class).hasMessageContaining("broken.jpg");
    }
  }

  @Test
  void aJpegCutMidScanIsABadRecordThroughTheFastPathToo() throws Exception {
    byte[] jpg = jpeg(317, 211, false, 0.9f);
    byte[] cut = Arrays.copyOf(jpg, jpg.length * 2 / 3);
    try (TfJpegDecoder tf = new TfJpegDecoder()) {
      ImageDecoder decoder = new ImageDecoder(1_000_000, Optional.of(tf));
      assertThatThrownBy(() -> decoder.decode(cut, "cut.jpg"))
          .isInstanceOf(ImageDecodeException.class)
          .hasMessageStartingWith("cut.jpg: image file is truncated");
    }
  }

  @Test
  void closedDecoderRefusesWork() throws Exception {
    TfJpegDecoder tf = new TfJpegDecoder();
    tf.close();
    assertThatThrownBy(() -> tf.decodeRgb(jpeg(16, 16, false, 0.8f), "x"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
