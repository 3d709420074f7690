package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResamplingTest {

  @Test
  void bicubicKernelHasPillowsShape() {
    assertThat(BicubicResampler.bicubic(0)).isEqualTo(1.0);
    assertThat(BicubicResampler.bicubic(1)).isEqualTo(0.0);
    assertThat(BicubicResampler.bicubic(0.5)).isEqualTo(0.5625);
    assertThat(BicubicResampler.bicubic(-1.5)).isEqualTo(-0.0625);
    assertThat(BicubicResampler.bicubic(2)).isEqualTo(0.0);
  }

  @Test
  void aWindowEqualsTheSameRegionOfTheFullResize() {
    byte[] data = new byte[50 * 30 * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 37 % 251);
    }
    Pixels in = Pixels.rgb(50, 30, data);
    Pixels full = BicubicResampler.resize(in, 33, 21);
    Pixels window = BicubicResampler.resize(in, 33, 21, new Window(5, 4, 20, 11));
    assertThat(window.data()).containsExactly(full.crop(5, 4, 20, 11).data());
  }

  @Test
  void transparentPixelsBecomeBlackWhenResizedAsPillowPremultiplies() {
    byte[] data = new byte[4 * 4 * 4];
    for (int i = 0; i < 16; i++) {
      data[i * 4] = (byte) 200; // red everywhere, alpha 0
    }
    Pixels out = BicubicResampler.resize(new Pixels(4, 4, 4, false, data), 2, 2).toRgb();
    assertThat(out.data()).containsOnly(0);
  }

  @Test
  void normalizesAsTorchvisionInChwAndHwcLayouts() {
    Pixels p = Pixels.rgb(2, 1, new byte[] {0, (byte) 255, 10, 20, 30, 40});
    float[] chw = Normalization.CLIP.chw(p);
    float[] hwc = Normalization.CLIP.hwc(p);
    assertThat(chw[0]).isEqualTo((0 / 255f - 0.48145466f) / 0.26862954f);
    assertThat(chw[2]).isEqualTo((1f - 0.4578275f) / 0.26130258f);
    assertThat(hwc[1]).isEqualTo(chw[2]);
    assertThat(hwc[3]).isEqualTo(chw[1]);
    assertThat(Normalization.CLIP.nchw(List.of(p, p))).hasSize(12);
    assertThat(Normalization.uint8Hwc(p)).containsExactly(p.data());
  }
}
