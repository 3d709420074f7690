package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Truncated and CRC-failing images are bad records, as Pillow treats them. */
class StrictDecodingTest {

  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS,
      Optional.empty());

  @Test
  void decodesTheWholeJpeg() throws IOException {
    assertThat(decoder.decode(BadImages.jpeg(), "whole.jpg").width()).isEqualTo(64);
  }

  @Test
  void rejectsAJpegCutMidScan() throws IOException {
    assertThatThrownBy(() -> decoder.decode(BadImages.cutJpeg(), "cut.jpg"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("cut.jpg: image file is truncated");
  }

  @Test
  void rejectsAPngWithABadCrc() throws IOException {
    assertThat(decoder.decode(BadImages.png(), "good.png").width()).isEqualTo(64);
    assertThatThrownBy(() -> decoder.decode(BadImages.badCrcPng(), "bad.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("bad.png: broken PNG file (bad CRC in chunk 'IDAT'");
  }

  @Test
  void rejectsAPngWhoseChunksStopBeforeIend() throws IOException {
    byte[] png = BadImages.png();
    byte[] cut = Arrays.copyOf(png, png.length - 12); // the IEND chunk is gone
    assertThatThrownBy(() -> decoder.decode(cut, "noend.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("noend.png: image file is truncated");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void rejectsALosslessWebpWhoseDataEndsLongBeforeItsPixelsAtOnce() {
    // It declares 24 x 10243 pixels in 95 bytes; the decoder used to read on past the end.
    assertThatThrownBy(() -> decoder.decode(BadImages.cutLosslessWebp(), "cut.webp"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("cut.webp: image file is truncated");
  }

  @Test
  void namesADirectoryAsOne(@TempDir Path dir) {
    assertThatThrownBy(() -> decoder.decode(dir))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessage(dir + ": is a directory, not an image file");
    assertThatThrownBy(() -> decoder.decode(dir.resolve("missing.png")))
        .hasMessage(dir.resolve("missing.png") + ": no such file");
  }
}
