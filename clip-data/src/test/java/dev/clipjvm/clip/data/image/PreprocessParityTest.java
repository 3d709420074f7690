package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.ReferenceFiles;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessParityTest {

  @Test
  void matchesEveryReferenceTensor() throws IOException {
    TensorFile expected = Safetensors.read(ReferenceFiles.require("vectors/preprocess.safetensors"));
    Path images = ReferenceFiles.require("images");
    assertThat(expected.tensors()).hasSize(6);
    for (Map.Entry<String, TensorData> e : expected.tensors().entrySet()) {
      String[] nameAndSize = e.getKey().split("@");
      int size = Integer.parseInt(nameAndSize[1]);
      float[] ref = e.getValue().toFloats();
      float[] ours = Preprocessor.clipEval(size).chw(images.resolve(nameAndSize[0]));
      assertThat(e.getValue().shape()).containsExactly(3, size, size);
      assertThat(ours).hasSameSizeAs(ref);
      double max = 0;
      double sum = 0;
      for (int i = 0; i < ref.length; i++) {
        double d = Math.abs(ours[i] - ref[i]);
        max = Math.max(max, d);
        sum += d;
      }
      assertThat(max).as("max abs diff of %s", e.getKey()).isLessThanOrEqualTo(0.016);
      assertThat(sum / ref.length).as("mean abs diff of %s", e.getKey()).isLessThanOrEqualTo(0.001);
    }
  }
}
