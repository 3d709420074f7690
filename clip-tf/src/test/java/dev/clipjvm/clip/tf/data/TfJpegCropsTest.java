package dev.clipjvm.clip.tf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.pipeline.BadRecordException;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TfJpegCropsTest {

  private static byte[] encode(String format) throws Exception {
    BufferedImage img = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 90; y++) {
      for (int x = 0; x < 120; x++) {
        img.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | ((x + y) & 0xFF));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  @Test
  void cropsTheSameWindowAsThePillowExactPathWithinAFewLevels() throws Exception {
    byte[] jpg = encode("jpg");
    try (TfJpegCrops crops = new TfJpegCrops()) {
      byte[] fast = crops.apply(jpg, 64, Augmentation.randomResizedCrop(0.5, 1.0), 17,
          1_000_000).orElseThrow();
      Pixels decoded = new ImageDecoder().decode(jpg, "test");
      byte[] exact = ClipCodecs.transform(64, Augmentation.randomResizedCrop(0.5, 1.0))
          .apply(decoded, 17).toRgb().data();
      assertThat(fast).hasSize(64 * 64 * 3);
      double diff = 0;
      for (int i = 0; i < fast.length; i++) {
        diff += Math.abs((fast[i] & 0xFF) - (exact[i] & 0xFF));
      }
      assertThat(diff / fast.length).isLessThan(3.0);
      byte[] again = crops.apply(jpg, 64, Augmentation.randomResizedCrop(0.5, 1.0), 17,
          1_000_000).orElseThrow();
      assertThat(again).isEqualTo(fast);
    }
  }

  @Test
  void leavesOtherFormatsAndAugmentationsToTheGeneralPathAndRejectsBadJpegs() throws Exception {
    try (TfJpegCrops crops = new TfJpegCrops()) {
      assertThat(crops.apply(encode("png"), 32, Augmentation.randomResizedCrop(), 1, 1 << 20))
          .isEqualTo(Optional.empty());
      assertThat(crops.apply(encode("jpg"), 32, Augmentation.centerCrop(), 1, 1 << 20))
          .isEmpty();
      byte[] truncated = Arrays.copyOf(encode("jpg"), 200);
      assertThatThrownBy(() -> crops.apply(truncated, 32, Augmentation.randomResizedCrop(), 1,
          1 << 20)).isInstanceOf(BadRecordException.class).hasMessageContaining("JPEG");
      assertThatThrownBy(() -> crops.apply(encode("jpg"), 32, Augmentation.randomResizedCrop(),
          1, 100)).isInstanceOf(BadRecordException.class).hasMessageContaining("120x90");
    }
  }
}
