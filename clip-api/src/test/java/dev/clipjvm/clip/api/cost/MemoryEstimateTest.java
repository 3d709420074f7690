package dev.clipjvm.clip.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import org.junit.jupiter.api.Test;

/**
 * The estimate against a hand computation on a tiny model: ViT 16 px, patch 8 (5 tokens), width
 * 32, 2 layers, 2 heads, MLP 64; text context 8, width 32, 2 heads, 2 layers, MLP 128; embedding
 * 16.
 */
class MemoryEstimateTest {
  private static final ClipConfig TINY = ClipConfig.of(16, new VitConfig(16, 8, 32, 2, 16, 2.0),
      new TextConfig(8, 64, 32, 2, 2), Activation.QUICK_GELU);
  /**
   * Image: conv 3*8*8*32 = 6144, class 32, positions 5*32 = 160, ln_pre 64, two blocks of
   * 64 + (32*96 + 96) + (32*32 + 32) + 64 + (32*64 + 64) + (64*32 + 32) = 8544, ln_post 64,
   * proj 32*16 = 512: 24,064. Text: tokens 64*32 = 2048, positions 8*32 = 256, two blocks of
   * 64 + 3168 + 1056 + 64 + (32*128 + 128) + (128*32 + 32) = 12,704, ln_final 64, projection
   * 512, logit scale 1: 28,289.
   */
  private static final long PARAMS = 24_064 + 28_289;

  @Test
  void plainStepOfFourPairs() {
    assertThat(ParameterManifest.of(TINY).count()).isEqualTo(PARAMS);
    MemoryEstimate e = MemoryEstimate.of(TINY, 4, 4, false, 2048);
    assertThat(e.parameters()).isEqualTo(4 * PARAMS);
    assertThat(e.gradients()).isEqualTo(4 * PARAMS);
    assertThat(e.optimizer()).isEqualTo(8 * PARAMS);
    // uint8 pixels 4*16*16*3, int32 tokens 4*8*4 bytes, float pixels 4*768*4 bytes
    assertThat(e.inputs()).isEqualTo(3072 + 128 + 12_288);
    // image block: 12*4*5*32 + 3*4*5*64 + 3*4*2*5*5 = 12,120; stem 4*768 + 4*4*5*32 = 5632
    // text block: 12*4*8*32 + 3*4*8*128 + 3*4*2*8*8 = 26,112; embeddings 2*4*32 = 256
    long image = 2 * 12_120 + 5632;
    long text = 2 * 26_112 + 256;
    assertThat(e.activations()).isEqualTo(4 * (image + text));
    assertThat(e.backward()).isEqualTo(4 * 26_112);
    assertThat(e.loss()).isEqualTo(4 * 8 * 4 * 4); // eight [4, 4] matrices
    assertThat(e.total()).isEqualTo(e.parameters() + e.gradients() + e.optimizer() + e.inputs()
        + e.activations() + e.backward() + e.loss());
  }

  @Test
  void recomputationKeepsBlockInputsAndTwoBlocks() {
    MemoryEstimate e = MemoryEstimate.of(TINY, 4, 4, true, 2048);
    // one cut block's input [4, t, 32] per tower, plus the last block and one rebuilt block
    long image = 4 * 5 * 32 + 2 * 12_120 + 5632;
    long text = 4 * 8 * 32 + 2 * 26_112 + 256;
    assertThat(e.activations()).isEqualTo(4 * (image + text));
  }

  @Test
  void gradientCacheHoldsOneMicroBatchTilesAndFeatures() {
    MemoryEstimate e = MemoryEstimate.of(TINY, 8, 4, false, 3);
    MemoryEstimate plainOfFour = MemoryEstimate.of(TINY, 4, 4, false, 3);
    assertThat(e.activations()).isEqualTo(plainOfFour.activations());
    assertThat(e.gradients()).isEqualTo(8 * PARAMS); // gradients and accumulators
    // 8*768 uint8 pixels, 8*8 int32 tokens, one micro-batch's float pixels
    assertThat(e.inputs()).isEqualTo(6144 + 256 + 12_288);
    // six 3x3 tiles, features and their gradients [8, 16] on the host and as tensors
    assertThat(e.loss()).isEqualTo(4 * (6 * 9 + 8 * 8 * 16));
  }

  @Test
  void thePaperBatchNeedsTheBlockedLoss() {
    ClipConfig vit = ModelPresets.get("ViT-B/32");
    long gib = 1L << 30;
    assertThat(MemoryEstimate.of(vit, 32_768, 32_768, false, 2048).loss()).isEqualTo(32 * gib);
    // six 2048x2048 tiles (96 MiB) and eight [32768, 512] feature matrices (512 MiB)
    assertThat(MemoryEstimate.of(vit, 32_768, 256, false, 2048).loss())
        .isEqualTo(4L * (6 * 2048 * 2048 + 8L * 32_768 * 512));
  }

  @Test
  void rejectsAMicroBatchAboveTheBatch() {
    assertThatThrownBy(() -> MemoryEstimate.of(TINY, 4, 8, false, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("micro-batch 8");
  }
}
