package dev.clipjvm.clip.tf.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.image.EvalTransform;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.image.ResizeMode;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

class SavedModelExportTest {

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"vit-tiny", "rn-tiny"})
  void reloadedSignaturesMatchTheEncoder(String fixture) throws Exception {
    Path dir = ReferenceFixtures.dir(fixture);
    TensorFile io = Safetensors.read(dir.resolve("io.safetensors"));
    Checkpoint ckpt = Checkpoint.read(dir.resolve("model.safetensors"));
    Path out = temp.resolve("saved");
    SavedModelExport.write(ckpt.config(), ckpt.values(), out);
    assertThat(out.resolve("saved_model.pb")).isRegularFile();
    assertThat(Files.list(out.resolve("variables")).count()).isGreaterThan(0);

    TensorData image = io.get("image");
    TensorData text = io.get("text");
    int n = (int) image.dim(0);
    int s = ckpt.config().vision().imageSize();
    try (ClipEncoder enc = ClipEncoder.load(ckpt, 0);
        SavedModelBundle bundle = SavedModelBundle.load(out.toString(), SavedModelExport.TAG)) {
      float[][] imageFeatures = enc.encodeImages(image.toFloats(), n);
      float[][] textFeatures = enc.encodeTexts(rows(text));
      try (TFloat32 pixels = TFloat32.tensorOf(Shape.of(image.shape()),
              DataBuffers.of(image.toFloats(), true, false));
          TInt32 ids = TInt32.tensorOf(Shape.of(text.shape()), DataBuffers.of(ints(text), true,
              false))) {
        assertClose(call(bundle, "encode_pixels", Map.of("pixel_values", pixels), "image_embeds"),
            normalized(imageFeatures), 1e-5);
        assertClose(call(bundle, "encode_text", Map.of("input_ids", ids), "text_embeds"),
            normalized(textFeatures), 1e-5);
        float[][] logits = enc.logits(imageFeatures, textFeatures);
        float[] got = call(bundle, "logits", Map.of("input_ids", ids, "pixel_values", pixels),
            "logits_per_image");
        assertThat(ReferenceFixtures.relativeError(got, flat(logits))).isLessThanOrEqualTo(1e-5);
      }

      // An image already S x S passes the in-graph resize unchanged: encode_image equals the
      // encoder on the same pixels.
      Pixels square = new EvalTransform(s, ResizeMode.SHORTEST).apply(
          new ImageDecoder().decode(ReferenceFixtures.dir("vit-tiny").resolveSibling("images")
              .resolve("noise_150x400.png")), 0);
      byte[] hwc = Normalization.uint8Hwc(square);
      try (TUint8 raw = TUint8.tensorOf(Shape.of(1, s, s, 3), DataBuffers.of(hwc, true, false))) {
        assertClose(call(bundle, "encode_image", Map.of("images", raw), "image_embeds"),
            normalized(enc.encodePixels(hwc, 1)), 1e-5);
      }
    }
  }

  private static float[] call(SavedModelBundle bundle, String signature,
      Map<String, Tensor> inputs, String output) {
    try (Result r = bundle.function(signature).call(inputs)) {
      TFloat32 t = (TFloat32) r.get(output).orElseThrow();
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static void assertClose(float[] got, float[] want, double tolerance) {
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < got.length; i++) {
      assertThat((double) got[i]).as("element " + i).isCloseTo(want[i],
          org.assertj.core.data.Offset.offset(tolerance));
    }
  }

  private static float[] normalized(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double norm = 0;
      for (float v : rows[i]) {
        norm += (double) v * v;
      }
      out[i] = new float[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = (float) (rows[i][j] / Math.sqrt(norm));
      }
    }
    return flat(out);
  }

  private static float[] flat(float[][] rows) {
    int cols = rows[0].length;
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return out;
  }

  private static int[] ints(TensorData t) {
    long[] v = t.toLongs();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }

  private static int[][] rows(TensorData t) {
    int[] flat = ints(t);
    int n = (int) t.dim(0);
    int len = (int) t.dim(1);
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * len, (i + 1) * len);
    }
    return out;
  }
}
