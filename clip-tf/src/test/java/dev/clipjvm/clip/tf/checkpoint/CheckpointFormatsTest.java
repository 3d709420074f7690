package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFormatsTest {
  @TempDir Path tmp;

  @Test
  void huggingFaceNamesAndTorchArchiveGiveIdenticalFeatures() throws Exception {
    Path dir = ReferenceFixtures.dir("vit-tiny");
    TensorFile io = Safetensors.read(dir.resolve("io.safetensors"));
    Checkpoint openAi = Checkpoint.read(dir.resolve("model.safetensors"));
    float[][][] expected = features(openAi, io);

    Path hf = tmp.resolve("hf.safetensors");
    Safetensors.write(hf, HuggingFaceConverter.toHuggingFace(openAi.tensors()), Map.of());
    assertThat(Safetensors.read(hf).tensors()).containsKeys(
        "vision_model.pre_layrnorm.weight",
        "vision_model.encoder.layers.1.self_attn.q_proj.weight", "visual_projection.weight");
    Checkpoint fromHf = Checkpoint.read(hf);
    assertThat(fromHf.config()).isEqualTo(openAi.config());
    assertThat(features(fromHf, io)).isDeepEqualTo(expected);

    Path pt = tmp.resolve("model.pt");
    TorchZipWriter.write(pt, openAi.tensors().values(), List.of("visual.proj", "text_projection"));
    Checkpoint fromTorch = Checkpoint.read(pt);
    assertThat(fromTorch.config()).isEqualTo(openAi.config());
    assertThat(features(fromTorch, io)).isDeepEqualTo(expected);
  }

  @Test
  void torchArchiveKeepsHalfStoragesAndIntegerCounters() throws Exception {
    Path dir = ReferenceFixtures.dir("rn-tiny");
    Map<String, TensorData> st = Safetensors.read(dir.resolve("model.safetensors")).tensors();
    Path pt = tmp.resolve("rn.pt");
    TorchZipWriter.write(pt, st.values(), List.of("visual.attnpool.q_proj.weight"));
    Map<String, TensorData> back = Checkpoint.tensors(pt);
    assertThat(back.keySet()).containsExactlyElementsOf(st.keySet());
    assertThat(back.get("visual.attnpool.q_proj.weight").dtype()).isEqualTo(DType.F16);
    assertThat(back.get("visual.bn1.num_batches_tracked").dtype()).isEqualTo(DType.I64);
    for (String name : st.keySet()) {
      assertThat(back.get(name)).as(name).isEqualTo(st.get(name).withName(name));
    }
  }

  private static float[][][] features(Checkpoint ckpt, TensorFile io) {
    TensorData image = io.get("image");
    TensorData text = io.get("text");
    long[] ids = text.toLongs();
    int[][] rows = new int[(int) text.dim(0)][(int) text.dim(1)];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = (int) ids[i * rows[i].length + j];
      }
    }
    try (ClipEncoder enc = ClipEncoder.load(ckpt, 0)) {
      return new float[][][] {enc.encodeImages(image.toFloats(), (int) image.dim(0)),
          enc.encodeTexts(rows)};
    }
  }
}
