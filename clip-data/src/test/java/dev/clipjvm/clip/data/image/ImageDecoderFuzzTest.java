package dev.clipjvm.clip.data.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzzes the image decoders (PNG, JPEG, GIF, BMP, WebP through ImageIO and TwelveMonkeys): any
 * bytes decode to pixels within the pixel limit or are an {@link ImageDecodeException}.
 */
class ImageDecoderFuzzTest {
  private static final ImageDecoder DECODER = new ImageDecoder(1 << 20, Optional.empty());

  @FuzzTest(maxDuration = "60s")
  void decodesOrRejects(byte[] bytes) {
    try {
      Pixels p = DECODER.decode(bytes, "fuzz");
      if ((long) p.width() * p.height() > DECODER.maxPixels()) {
        throw new AssertionError("decoded " + p.width() + "x" + p.height()
            + " past the pixel limit");
      }
    } catch (ImageDecodeException expected) {
      // The contract: a bad record naming its source.
    }
  }
}
