package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PositionalResizeTest {
  // A 3 x 3 grid of squares 0, 1, 4, ..., 64 behind one class token 100.
  private static final float[] GRID = {100, 0, 1, 4, 9, 16, 25, 36, 49, 64};

  @Test
  void upsamplesLikePytorchBicubic() {
    float[] out = PositionalResize.resize(GRID, new long[] {10, 1}, new long[] {26, 1});
    // torch.nn.functional.interpolate(g, size=(5, 5), mode="bicubic", align_corners=False)
    float[] torch = {-0.904703676700592f, -0.8740149140357971f, -0.43999916315078735f,
        1.074016809463501f, 2.216705560684204f, 1.2699919939041138f, 2.3191466331481934f,
        4.444011688232422f, 7.648877143859863f, 9.810030937194824f, 8.3280029296875f,
        11.068005561828613f, 16.0000057220459f, 22.012006759643555f, 25.8640079498291f,
        25.10601806640625f, 29.5368709564209f, 37.276004791259766f, 46.09514236450195f,
        51.63799285888672f, 37.28871154785156f, 42.73802947998047f, 52.16801452636719f,
        62.67799758911133f, 69.23931884765625f};
    assertThat(out[0]).isEqualTo(100f);
    for (int i = 0; i < torch.length; i++) {
      assertThat(out[1 + i]).as("grid value %d", i).isCloseTo(torch[i], within(1e-4f));
    }
  }

  @Test
  void downsamplesLikePytorchBicubic() {
    float[] out = PositionalResize.resize(GRID, new long[] {10, 1}, new long[] {5, 1});
    assertThat(out).containsExactly(new float[] {100f, 1.430755615234375f, 6.522369384765625f,
        32.397369384765625f, 53.180755615234375f}, within(1e-4f));
  }

  @Test
  void keepsEachChannelSeparate() {
    float[] two = new float[20];
    for (int i = 0; i < 10; i++) {
      two[2 * i] = GRID[i];
      two[2 * i + 1] = 7;
    }
    float[] out = PositionalResize.resize(two, new long[] {10, 2}, new long[] {26, 2});
    for (int i = 0; i < 26; i++) {
      assertThat(out[2 * i + 1]).isCloseTo(7f, within(1e-5f));
    }
  }
}
