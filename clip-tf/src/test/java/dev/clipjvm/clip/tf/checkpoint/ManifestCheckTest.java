package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.cost.ParameterSpec;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every importer (safetensors, PyTorch zip archives, Hugging Face names) checks the state dict
 * against the architecture's {@link ParameterManifest} and names the tensor at fault.
 */
class ManifestCheckTest {
  @TempDir Path tmp;

  /** A state dict holding exactly the manifest of {@code config}, all values 0.5. */
  static Map<String, TensorData> stateDict(ClipConfig config) {
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (ParameterSpec s : ParameterManifest.of(config).entries()) {
      out.put(s.name(), s.name().endsWith(".num_batches_tracked")
          ? TensorData.ofLongs(s.name(), s.shape(), new long[] {3})
          : TensorData.ofFloats(s.name(), s.shape(), filled((int) s.count())));
    }
    return out;
  }

  private static float[] filled(int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 0.5f);
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-vit", "tiny-rn", "demo-vit"})
  void aStateDictOfTheManifestReadsBackAsItsPreset(String preset) throws Exception {
    ClipConfig config = ModelPresets.get(preset);
    Path file = tmp.resolve("m.safetensors");
    Safetensors.write(file, new ArrayList<>(stateDict(config).values()), Map.of());
    assertThat(Checkpoint.read(file).config()).isEqualTo(config);
  }

  @Test
  void safetensorsWithAWrongShapeAMissingAndAnExtraTensorIsRejectedNamingEach()
      throws Exception {
    ClipConfig config = ModelPresets.get("tiny-rn");
    Map<String, TensorData> t = stateDict(config);
    t.put("visual.layer1.0.conv2.weight", TensorData.ofFloats("visual.layer1.0.conv2.weight",
        new long[] {16, 16, 1, 3}, new float[16 * 16 * 3]));
    t.remove("visual.layer1.0.bn2.running_var");
    t.put("visual.bonus", TensorData.ofFloats("visual.bonus", new long[] {2}, new float[2]));
    Path file = tmp.resolve("bad.safetensors");
    Safetensors.write(file, new ArrayList<>(t.values()), Map.of());
    assertThatThrownBy(() -> Checkpoint.read(file))
        .isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems())
            .containsExactlyInAnyOrder(
                "visual.layer1.0.conv2.weight has shape [16, 16, 1, 3], expected [16, 16, 3, 3]",
                "missing visual.layer1.0.bn2.running_var [16]",
                "unexpected visual.bonus F32[2]"))
        .hasMessageStartingWith(file.toString());
  }

  @Test
  void stepCountersMayBeAbsentButNotMisShaped() throws Exception {
    ClipConfig config = ModelPresets.get("tiny-rn");
    Map<String, TensorData> t = stateDict(config);
    t.keySet().removeIf(n -> n.endsWith(".num_batches_tracked"));
    Checkpoint ckpt = new Checkpoint("no-counters", config, t);
    assertThat(ckpt.values().value(
        new dev.clipjvm.clip.tf.model.ParamSpec("visual.bn1.num_batches_tracked",
            org.tensorflow.ndarray.Shape.scalar(), dev.clipjvm.clip.tf.model.Init.zeros(),
            dev.clipjvm.clip.tf.model.Layout.AS_IS, false)).getFloat()).isZero();
    t.put("visual.bn1.num_batches_tracked", TensorData.ofLongs(
        "visual.bn1.num_batches_tracked", new long[] {2}, new long[] {1, 2}));
    assertThatThrownBy(() -> new Checkpoint("bad-counter", config, t))
        .hasMessageContaining("visual.bn1.num_batches_tracked has shape [2], expected []");
  }

  @Test
  void torchArchiveWithAMissingTensorIsRejectedNamingIt() throws Exception {
    Map<String, TensorData> t = stateDict(ModelPresets.get("tiny-vit"));
    t.remove("visual.transformer.resblocks.1.mlp.c_proj.bias");
    Path pt = tmp.resolve("model.pt");
    TorchZipWriter.write(pt, t.values(), List.of());
    assertThatThrownBy(() -> Checkpoint.read(pt))
        .isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems()).containsExactly(
            "missing visual.transformer.resblocks.1.mlp.c_proj.bias [128]"));
  }

  @Test
  void huggingFaceFileWithAWrongShapeIsRejectedNamingTheTensor() throws Exception {
    Map<String, TensorData> t = stateDict(ModelPresets.get("tiny-vit"));
    t.put("ln_final.weight", TensorData.ofFloats("ln_final.weight", new long[] {127},
        new float[127]));
    Path hf = tmp.resolve("hf.safetensors");
    Safetensors.write(hf, HuggingFaceConverter.toHuggingFace(t), Map.of());
    assertThatThrownBy(() -> Checkpoint.read(hf, ModelPresets.get("tiny-vit")))
        .isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems()).containsExactly(
            "ln_final.weight has shape [127], expected [128]"));
  }

  @Test
  void aCheckpointForAnotherArchitectureIsRejected() throws Exception {
    Path file = tmp.resolve("vit.safetensors");
    Safetensors.write(file, new ArrayList<>(stateDict(ModelPresets.get("tiny-vit")).values()),
        Map.of());
    assertThatThrownBy(() -> Checkpoint.read(file, ModelPresets.get("demo-vit")))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("positional_embedding has shape [77, 128], expected [32, 128]")
        .hasMessageContaining("missing visual.transformer.resblocks.2.attn.in_proj_weight");
  }

  @Test
  void aMissingFileIsNoSuchFileNamingThePath() {
    Path missing = tmp.resolve("nope.safetensors");
    assertThatThrownBy(() -> Checkpoint.read(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(missing.toString());
    assertThatThrownBy(() -> Checkpoint.read(tmp))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(tmp + ": is a directory, not a checkpoint file");
  }
}
