package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageTransformTest {

  /** An RGB image whose red is the column and green the row, so crops are visible. */
  private static Pixels ramp(int w, int h) {
    byte[] data = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        data[(y * w + x) * 3] = (byte) x;
        data[(y * w + x) * 3 + 1] = (byte) y;
        data[(y * w + x) * 3 + 2] = 7;
      }
    }
    return Pixels.rgb(w, h, data);
  }

  @Test
  void evalOfAnImageAlreadyAtSizeIsIdentity() {
    Pixels image = ramp(32, 32);
    assertThat(ImageTransform.eval(32).apply(image, 0).data()).containsExactly(image.data());
  }

  @Test
  void evalCentersTheCropWithHalvesToEven() {
    // 32x35 keeps its size; (35 - 32) / 2 = 1.5 rounds to 2 (even).
    Pixels out = ImageTransform.eval(32).apply(ramp(32, 35), 0);
    assertThat(out.sample(0, 0, 1)).isEqualTo(2);
    // 37x32: 2.5 rounds to 2.
    assertThat(ImageTransform.eval(32).apply(ramp(37, 32), 0).sample(0, 0, 0)).isEqualTo(2);
  }

  @Test
  void evalTruncatesTheLongSideAsTorchvision() {
    assertThat(EvalTransform.shortestSize(317, 211, 224)).containsExactly(336, 224);
    assertThat(EvalTransform.shortestSize(150, 400, 64)).containsExactly(64, 170);
  }

  @Test
  void longestModePadsWithBlackCentered() {
    Pixels out = new EvalTransform(64, ResizeMode.LONGEST).apply(ramp(200, 100), 0);
    assertThat(out.width()).isEqualTo(64);
    assertThat(out.height()).isEqualTo(64);
    assertThat(out.sample(10, 15, 2)).isZero(); // padding rows 0..15
    assertThat(out.sample(10, 16, 2)).isEqualTo(7); // image rows 16..47
    assertThat(out.sample(10, 47, 2)).isEqualTo(7);
    assertThat(out.sample(10, 48, 2)).isZero();
  }

  @Test
  void squashModeIgnoresTheAspectRatio() {
    Pixels out = new EvalTransform(16, ResizeMode.SQUASH).apply(ramp(64, 16), 0);
    assertThat(out.width()).isEqualTo(16);
    assertThat(out.sample(15, 0, 0)).isGreaterThan(55); // the right edge of the source
  }

  @Test
  void randomResizedCropIsDeterministicPerSeed() {
    RandomResizedCrop t = RandomResizedCrop.openClip(24);
    Pixels image = ramp(100, 90);
    assertThat(t.apply(image, 42).data()).containsExactly(t.apply(image, 42).data());
    boolean anyDifferent = false;
    for (long seed = 0; seed < 10 && !anyDifferent; seed++) {
      anyDifferent = !java.util.Arrays.equals(t.apply(image, seed).data(), t.apply(image, 42).data());
    }
    assertThat(anyDifferent).isTrue();
  }

  @Test
  void randomResizedCropCoversTheConfiguredAreaFraction() {
    RandomResizedCrop t = RandomResizedCrop.openClip(24);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      Window w = t.window(400, 300, random);
      assertThat(w.fitsIn(400, 300)).isTrue();
      double fraction = (double) w.width() * w.height() / (400 * 300);
      assertThat(fraction).isBetween(0.88, 1.0);
    }
  }

  @Test
  void randomSquareCropTakesAFullHeightSquareOfAWideImage() {
    RandomSquareCrop t = new RandomSquareCrop(40);
    Pixels out = t.apply(ramp(100, 40), 5);
    assertThat(out.width()).isEqualTo(40);
    int left = out.sample(0, 0, 0);
    assertThat(left).isBetween(0, 60);
    assertThat(out.sample(39, 39, 0)).isEqualTo(left + 39);
    assertThat(out.sample(0, 39, 1)).isEqualTo(39);
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> new RandomResizedCrop(24, 0.5, 1.2, 0.75, 1.33))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale (0.5, 1.2)");
    assertThatThrownBy(() -> new EvalTransform(0, ResizeMode.SHORTEST))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
