package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileCheckpointTest {
  @TempDir Path tmp;

  @Test
  void picklesNamingOsSystemAreRejectedWithoutRunningAnything() throws Exception {
    Path pt = tmp.resolve("evil.pt");
    TorchZipWriter.writeRaw(pt, TorchZipWriter.osSystemPickle());
    assertThatThrownBy(() -> Checkpoint.tensors(pt))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("pickle references global os.system, which is not allowed");
  }

  @Test
  void truncatedPickleAndTruncatedFilesFailClearly() throws Exception {
    Path pt = tmp.resolve("cut.pt");
    byte[] pickle = TorchZipWriter.osSystemPickle();
    TorchZipWriter.writeRaw(pt, Arrays.copyOf(pickle, 3));
    assertThatThrownBy(() -> Checkpoint.tensors(pt))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("pickle ends before its STOP opcode");
    Path tiny = tmp.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2});
    assertThatThrownBy(() -> Checkpoint.read(tiny))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void truncatedSafetensorsCheckpointNamesTheTensorsPastTheEnd() throws Exception {
    Path src = ReferenceFixtures.dir("vit-tiny").resolve("model.safetensors");
    byte[] all = Files.readAllBytes(src);
    Path cut = tmp.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> Checkpoint.read(cut))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("end past the")
        .hasMessageContaining("(truncated?)");
  }

  @Test
  void missingUnexpectedMisShapedAndWrongDtypeTensorsAreReportedTogether() throws Exception {
    Map<String, TensorData> t = new LinkedHashMap<>(Safetensors.read(
        ReferenceFixtures.dir("vit-tiny").resolve("model.safetensors")).tensors());
    t.remove("visual.ln_post.bias");
    t.put("visual.extra", TensorData.ofFloats("visual.extra", new long[] {2}, new float[2]));
    t.put("ln_final.weight", TensorData.ofFloats("ln_final.weight", new long[] {7}, new float[7]));
    t.put("logit_scale", TensorData.ofInts("logit_scale", new long[] {}, new int[] {4}));
    Path bad = tmp.resolve("bad.safetensors");
    Safetensors.write(bad, new ArrayList<>(t.values()), Map.of());
    assertThatThrownBy(() -> Checkpoint.read(bad, ModelPresets.get("tiny-vit")))
        .isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems()).containsExactlyInAnyOrder(
            "missing visual.ln_post.bias [128]",
            "ln_final.weight has shape [7], expected [128]",
            "logit_scale has dtype I32, expected a float type",
            "unexpected visual.extra F32[2]"));
  }

  @Test
  void architectureInferenceListsEveryMissingShape() throws Exception {
    Path empty = tmp.resolve("empty.safetensors");
    Safetensors.write(empty, List.of(TensorData.ofFloats("visual.proj", new long[] {2, 2},
        new float[4])), Map.of());
    assertThatThrownBy(() -> Checkpoint.read(empty))
        .isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems()).contains(
            "missing visual.conv1.weight (needed to infer the architecture)",
            "missing text_projection (needed to infer the architecture)",
            "no text Transformer blocks (transformer.resblocks.N.*)"));
  }
}
