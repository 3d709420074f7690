package dev.clipjvm.clip.tf.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipEncoderParityTest {

  @ParameterizedTest
  @CsvSource({"vit-tiny, tiny-vit", "rn-tiny, tiny-rn"})
  void inferredArchitectureAndFeaturesMatchTheReference(String fixture, String preset)
      throws Exception {
    Path dir = ReferenceFixtures.dir(fixture);
    TensorFile io = Safetensors.read(dir.resolve("io.safetensors"));
    Checkpoint ckpt = Checkpoint.read(dir.resolve("model.safetensors"));
    assertThat(ckpt.config()).isEqualTo(ModelPresets.get(preset));
    try (ClipEncoder enc = ClipEncoder.load(ckpt, 0)) {
      assertParity(enc, io);
    }
  }

  /** Checks image features, text features and logits of {@code enc} against {@code io}. */
  public static void assertParity(ClipEncoder enc, TensorFile io) {
    parityErrors(enc, io).forEach((what, error) ->
        assertThat(error).as(what).isLessThanOrEqualTo(1e-4));
  }

  /**
   * {@code max|ours - reference| / max|reference|} of the image features, text features and
   * logits of {@code io}'s inputs, by name.
   */
  public static Map<String, Double> parityErrors(ClipEncoder enc, TensorFile io) {
    TensorData image = io.get("image");
    float[][] fi = enc.encodeImages(image.toFloats(), (int) image.dim(0));
    float[][] ft = enc.encodeTexts(rows(io.get("text")));
    float[][] logits = enc.logits(fi, ft);
    Map<String, Double> errors = new LinkedHashMap<>();
    errors.put("image_features", ReferenceFixtures.relativeError(flat(fi),
        io.get("image_features").toFloats()));
    errors.put("text_features", ReferenceFixtures.relativeError(flat(ft),
        io.get("text_features").toFloats()));
    errors.put("logits_per_image", ReferenceFixtures.relativeError(flat(logits),
        io.get("logits_per_image").toFloats()));
    return errors;
  }

  static int[][] rows(TensorData t) {
    long[] v = t.toLongs();
    int n = (int) t.dim(0);
    int len = (int) t.dim(1);
    int[][] out = new int[n][len];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < len; j++) {
        out[i][j] = (int) v[i * len + j];
      }
    }
    return out;
  }

  static float[] flat(float[][] rows) {
    int cols = rows[0].length;
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return out;
  }
}
