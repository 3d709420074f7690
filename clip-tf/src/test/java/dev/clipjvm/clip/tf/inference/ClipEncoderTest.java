package dev.clipjvm.clip.tf.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClipEncoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"vit-tiny", "rn-tiny"})
  void runsACheckpointAtAnotherResolutionWithInterpolatedPositions(String fixture)
      throws Exception {
    Checkpoint base = Checkpoint.read(ReferenceFixtures.dir(fixture).resolve("model.safetensors"));
    ClipConfig c = base.config();
    ClipConfig at96 = c.vision() instanceof VitConfig v ? c.withVision(v.withImageSize(96))
        : c.withVision(((ResNetConfig) c.vision()).withImageSize(96));
    Checkpoint resized = new Checkpoint(base.source(), at96, base.tensors());
    try (ClipEncoder enc = ClipEncoder.load(resized, 1)) {
      float[] images = new float[2 * 3 * 96 * 96];
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) Math.sin(i * 0.01);
      }
      float[][] f = enc.encodeImages(images, 2);
      assertThat(f).hasDimensions(2, 64);
      for (float x : f[0]) {
        assertThat(x).isFinite();
      }
      assertThat(f[0]).isNotEqualTo(f[1]);
    }
  }

  @Test
  void concurrentCallersGetTheSameFeaturesAsOneCaller() throws Exception {
    Checkpoint ckpt = Checkpoint.read(ReferenceFixtures.dir("vit-tiny").resolve(
        "model.safetensors"));
    int[][] texts = {{49406, 320, 1125, 49407}, {49406, 320, 1929, 539, 320, 1929, 269, 49407},
        {49406, 49407}};
    try (ClipEncoder enc = ClipEncoder.load(ckpt, 1)) {
      float[][] expected = enc.encodeTexts(texts);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          results.add(pool.submit(() -> enc.encodeTexts(texts)));
        }
        for (Future<float[][]> r : results) {
          assertThat(r.get()).isDeepEqualTo(expected);
        }
      } finally {
        pool.shutdown();
      }
      // Texts are grouped by length internally; each row must still match its own encoding.
      assertThat(enc.encodeTexts(new int[][] {texts[1]})[0]).containsExactly(expected[1],
          org.assertj.core.api.Assertions.within(1e-5f));
      assertThatThrownBy(() -> enc.encodeTexts(new int[][] {new int[78]}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("text 0 has 78 tokens; the context holds 1..77");
      assertThatThrownBy(() -> enc.encodeImages(new float[5], 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("images: 5 floats for 1 images of 12288");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vit-tiny", "rn-tiny"})
  void concurrentImageCallersGetTheSameFeaturesAsOneCaller(String fixture) throws Exception {
    Checkpoint ckpt = Checkpoint.read(ReferenceFixtures.dir(fixture).resolve("model.safetensors"));
    int size = ckpt.config().vision().imageSize();
    // Two callers send different batches at once: each must get exactly what it gets alone.
    byte[][] batches = new byte[2][3 * 3 * size * size];
    for (int b = 0; b < 2; b++) {
      new java.util.Random(b).nextBytes(batches[b]);
    }
    try (ClipEncoder enc = ClipEncoder.load(ckpt, 2)) {
      float[][][] alone = {enc.encodePixels(batches[0], 3), enc.encodePixels(batches[1], 3)};
      assertThat(alone[0][0]).isNotEqualTo(alone[1][0]);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          byte[] px = batches[i % 2];
          results.add(pool.submit(() -> enc.encodePixels(px, 3)));
        }
        for (int i = 0; i < results.size(); i++) {
          assertThat(results.get(i).get()).as("call %d", i).isDeepEqualTo(alone[i % 2]);
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
