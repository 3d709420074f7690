package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.HalfFloats;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's release format: {@code torch.jit.save} archives of the traced reference model.
 *
 * <p>{@code rn-tiny/model.jit.pt} holds exactly the tensors of its {@code model.safetensors}.
 * {@code vit-tiny/model.jit.pt} does not: {@code make_torchscript.py} builds the model with
 * OpenAI's {@code build_model}, whose {@code convert_weights} rounds the weights and biases of
 * every convolution, linear layer and attention, {@code text_projection} and {@code visual.proj}
 * to float16 (OpenAI's releases went through the same step) before {@code .float()} widens them
 * again; the F32 safetensors fixture keeps the unrounded values, and {@code io.safetensors} was
 * computed from those. The tests state exactly that difference.
 */
class TorchScriptArchiveTest {
  @TempDir Path tmp;

  /** The tensors OpenAI's {@code convert_weights} rounds to float16. */
  private static boolean roundedByConvertWeights(String name) {
    return name.equals("text_projection") || name.equals("visual.proj")
        || name.equals("visual.conv1.weight")
        || name.matches(".*resblocks\\.\\d+\\.(attn|mlp)\\..*");
  }

  @Test
  void halfPrecisionTorchScriptGivesExactlyTheTensorsOfTheSafetensorsFixture() throws Exception {
    Path dir = ReferenceFixtures.dir("rn-tiny");
    Map<String, TensorData> expected = Safetensors.read(dir.resolve("model.safetensors"))
        .tensors();
    Map<String, TensorData> jit = Checkpoint.tensors(dir.resolve("model.jit.pt"));
    assertThat(jit.keySet()).containsExactlyElementsOf(expected.keySet()); // state_dict() order
    assertThat(jit).containsExactlyEntriesOf(expected);
    assertThat(jit.get("visual.attnpool.q_proj.weight").dtype()).isEqualTo(DType.F16);
    assertThat(jit.get("visual.layer1.0.bn1.running_var").dtype()).isEqualTo(DType.F16);
    assertThat(jit.get("visual.bn1.num_batches_tracked").dtype()).isEqualTo(DType.I64);
    assertThat(jit.get("visual.bn1.num_batches_tracked").shape()).isEmpty();
  }

  @Test
  void halfPrecisionTorchScriptGivesTheReferenceFeatures() throws Exception {
    Path dir = ReferenceFixtures.dir("rn-tiny");
    TensorFile io = Safetensors.read(dir.resolve("io.safetensors"));
    try (ClipEncoder enc = ClipEncoder.load(dir.resolve("model.jit.pt"))) {
      float[][][] f = features(enc, io);
      assertThat(ReferenceFixtures.relativeError(flat(f[0]), io.get("image_features").toFloats()))
          .isLessThanOrEqualTo(1e-4);
      assertThat(ReferenceFixtures.relativeError(flat(f[1]), io.get("text_features").toFloats()))
          .isLessThanOrEqualTo(1e-4);
    }
  }

  @Test
  void floatTorchScriptGivesTheSafetensorsTensorsAsConvertWeightsRoundedThem() throws Exception {
    Path dir = ReferenceFixtures.dir("vit-tiny");
    Map<String, TensorData> st = Safetensors.read(dir.resolve("model.safetensors")).tensors();
    Map<String, TensorData> jit = Checkpoint.tensors(dir.resolve("model.jit.pt"));
    assertThat(jit.keySet()).containsExactlyElementsOf(st.keySet());
    Map<String, TensorData> rounded = roundedLikeConvertWeights(st);
    assertThat(jit).containsExactlyEntriesOf(rounded);
    assertThat(st.keySet().stream().filter(TorchScriptArchiveTest::roundedByConvertWeights))
        .hasSize(35)
        .allSatisfy(name -> assertThat(jit.get(name)).isNotEqualTo(st.get(name)));

    TensorFile io = Safetensors.read(dir.resolve("io.safetensors"));
    float[][][] fromJit;
    try (ClipEncoder enc = ClipEncoder.load(dir.resolve("model.jit.pt"))) {
      fromJit = features(enc, io);
    }
    Path roundedFile = tmp.resolve("rounded.safetensors");
    Safetensors.write(roundedFile, rounded.values(), Map.of());
    try (ClipEncoder enc = ClipEncoder.load(roundedFile)) {
      assertThat(fromJit).isDeepEqualTo(features(enc, io));
    }
    // against the unrounded reference: the float16 rounding alone moves the features by ~4e-4
    assertThat(ReferenceFixtures.relativeError(flat(fromJit[0]), io.get("image_features")
        .toFloats())).isLessThanOrEqualTo(2e-3);
    assertThat(ReferenceFixtures.relativeError(flat(fromJit[1]), io.get("text_features")
        .toFloats())).isLessThanOrEqualTo(2e-3);
  }

  private static Map<String, TensorData> roundedLikeConvertWeights(Map<String, TensorData> st) {
    Map<String, TensorData> out = new java.util.LinkedHashMap<>();
    st.forEach((name, t) -> {
      if (!roundedByConvertWeights(name)) {
        out.put(name, t);
        return;
      }
      float[] v = t.toFloats();
      for (int i = 0; i < v.length; i++) {
        v[i] = HalfFloats.f16ToFloat(HalfFloats.floatToF16(v[i]));
      }
      out.put(name, TensorData.ofFloats(name, t.shape(), v));
    });
    return out;
  }

  private static float[][][] features(ClipEncoder enc, TensorFile io) {
    TensorData image = io.get("image");
    TensorData text = io.get("text");
    long[] ids = text.toLongs();
    int[][] rows = new int[(int) text.dim(0)][(int) text.dim(1)];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = (int) ids[i * rows[i].length + j];
      }
    }
    return new float[][][] {enc.encodeImages(image.toFloats(), (int) image.dim(0)),
        enc.encodeTexts(rows)};
  }

  @Test
  void anyTopFolderAndGpuLocationsReadAsOpenAiReleasesDo() throws Exception {
    Path released = tmp.resolve("RN50.pt");
    try (ZipFile in = ZipFile.builder().setPath(
            ReferenceFixtures.dir("rn-tiny").resolve("model.jit.pt")).get();
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(released))) {
      for (ZipArchiveEntry e : Collections.list(in.getEntries())) {
        out.putNextEntry(new ZipEntry(e.getName().replaceFirst("^[^/]*/", "RN50/")));
        try (InputStream s = in.getInputStream(e)) {
          byte[] bytes = s.readAllBytes();
          if (e.getName().endsWith("/data.pkl")) {
            bytes = replaceAll(bytes, unicode("cpu"), unicode("cuda:0")); // traced on a GPU
          }
          out.write(bytes);
        }
      }
    }
    Map<String, TensorData> expected = Safetensors.read(
        ReferenceFixtures.dir("rn-tiny").resolve("model.safetensors")).tensors();
    Map<String, TensorData> back = Checkpoint.tensors(released); // deflated: read, not mapped
    assertThat(back).containsExactlyEntriesOf(expected);
  }

  private static float[] flat(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[i].length);
    }
    return out;
  }

  /** The pickle opcode BINUNICODE for {@code s}. */
  private static byte[] unicode(String s) {
    return TorchZipWriter.pickle().unicode(s).bytes();
  }

  private static byte[] replaceAll(byte[] in, byte[] from, byte[] to) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int count = 0;
    for (int i = 0; i < in.length; ) {
      if (i + from.length <= in.length
          && java.util.Arrays.equals(in, i, i + from.length, from, 0, from.length)) {
        out.writeBytes(to);
        i += from.length;
        count++;
      } else {
        out.write(in[i++]);
      }
    }
    assertThat(count).as("occurrences of the location string").isPositive();
    return out.toByteArray();
  }
}
