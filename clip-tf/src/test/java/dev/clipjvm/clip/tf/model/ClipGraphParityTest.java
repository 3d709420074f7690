package dev.clipjvm.clip.tf.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.checkpoint.CheckpointValues;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class ClipGraphParityTest {

  @ParameterizedTest
  @CsvSource({"vit-tiny, tiny-vit", "rn-tiny, tiny-rn"})
  void graphWithCheckpointVariablesMatchesTheReference(String fixture, String preset)
      throws Exception {
    Path dir = ReferenceFixtures.dir(fixture);
    TensorFile model = Safetensors.read(dir.resolve("model.safetensors"));
    TensorFile io = Safetensors.read(dir.resolve("io.safetensors"));
    ClipConfig config = ModelPresets.get(preset);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableParameters params = new VariableParameters(g);
      ClipGraph clip = new ClipGraph(config, params);
      TensorData image = io.get("image");
      TensorData text = io.get("text");
      Placeholder<TFloat32> img = tf.placeholder(TFloat32.class);
      Placeholder<TInt32> tok = tf.placeholder(TInt32.class);
      Operand<TFloat32> fi = clip.imageFeatures(tf, img);
      Operand<TFloat32> ft = clip.textFeatures(tf, tok);
      Operand<TFloat32> logits = clip.logits(tf, fi, ft);
      CheckpointValues values = new Checkpoint(fixture, config, model.tensors()).values();
      try (Session s = new Session(g);
          TFloat32 imgT = TFloat32.tensorOf(Shape.of(image.shape()),
              DataBuffers.of(image.toFloats(), true, false));
          TInt32 tokT = TInt32.tensorOf(Shape.of(text.shape()),
              DataBuffers.of(toInts(text.toLongs()), true, false))) {
        params.initialize(s, values);
        try (Result r = s.runner().feed(img, imgT).feed(tok, tokT)
            .fetch(fi).fetch(ft).fetch(logits).run()) {
          assertClose(r, 0, io.get("image_features"));
          assertClose(r, 1, io.get("text_features"));
          assertClose(r, 2, io.get("logits_per_image"));
        }
      }
    }
  }

  private static void assertClose(Result r, int i, TensorData expected) {
    TFloat32 t = (TFloat32) r.get(i);
    float[] ours = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(ours, false, false));
    assertThat(t.shape().asArray()).containsExactly(expected.shape());
    assertThat(ReferenceFixtures.relativeError(ours, expected.toFloats()))
        .as(expected.name()).isLessThanOrEqualTo(1e-4);
  }

  private static int[] toInts(long[] l) {
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = Math.toIntExact(l[i]);
    }
    return out;
  }
}
