package dev.clipjvm.clip.tf.params;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.tf.model.BatchNormMode;
import dev.clipjvm.clip.tf.model.ClipGraph;
import dev.clipjvm.clip.tf.model.Init;
import dev.clipjvm.clip.tf.model.ParamSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class TrainableParametersTest {

  @ParameterizedTest
  @CsvSource({"tiny-vit, INFERENCE", "tiny-rn, BATCH_STATISTICS"})
  void everyTrainableVariableGetsAGradient(String preset, BatchNormMode bn) {
    ClipConfig config = ModelPresets.get(preset);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableParameters params = new VariableParameters(g);
      ClipGraph clip = new ClipGraph(config, params, bn);
      int size = config.vision().imageSize();
      Operand<TFloat32> images = tf.random.randomStandardNormal(
          tf.constant(new int[] {2, 3, size, size}), TFloat32.class);
      Operand<TInt32> tokens = tf.constant(new int[][] {{49406, 320, 49407, 0}, {49406, 49407, 0, 0}});
      Operand<TFloat32> logits =
          clip.logits(tf, clip.imageFeatures(tf, images), clip.textFeatures(tf, tokens));
      Operand<TFloat32> loss = tf.math.mean(tf.math.square(logits), tf.constant(new int[] {0, 1}));
      Map<String, Variable<TFloat32>> vars = params.trainable();
      Output<?>[] xs = vars.values().stream().map(Variable::asOutput).toArray(Output[]::new);
      Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
      assertThat(grads).hasSameSizeAs(xs).doesNotContainNull();
      try (Session s = new Session(g)) {
        params.initialize(s, new RandomInit(7));
        try (Result r = s.runner().fetch(loss).fetch(grads[0]).run()) {
          float l = ((TFloat32) r.get(0)).getFloat();
          assertThat(l).isFinite().isPositive();
        }
      }
    }
  }

  @Test
  void randomInitFollowsTheReferenceStatistics() {
    RandomInit init = new RandomInit(1);
    float[] v = init.draw(ParamSpec.of("token_embedding.weight", new Init.Normal(0.02), 1000, 64));
    double sum = 0;
    double sq = 0;
    for (float x : v) {
      sum += x;
      sq += x * x;
    }
    assertThat(sum / v.length).isBetween(-0.001, 0.001);
    assertThat(Math.sqrt(sq / v.length)).isBetween(0.0195, 0.0205);
    assertThat(init.draw(ParamSpec.of("a", Init.zeros(), 3))).containsExactly(0f, 0f, 0f);
    float[] u = new RandomInit(1).draw(ParamSpec.of("b", Init.fanIn(4), 5));
    assertThat(u).containsExactly(init.draw(ParamSpec.of("b", Init.fanIn(4), 5)));
    for (float x : u) {
      assertThat(Math.abs(x)).isLessThanOrEqualTo(0.5f);
    }
  }

  @Test
  void specsReportTheModelsParameterNamesOnce() {
    ClipConfig config = ModelPresets.get("tiny-rn");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableParameters params = new VariableParameters(g);
      ClipGraph clip = new ClipGraph(config, params);
      clip.imageFeatures(tf, tf.placeholder(TFloat32.class));
      clip.imageFeatures(tf, tf.placeholder(TFloat32.class)); // a second entry point shares weights
      List<ParamSpec> specs = params.specs();
      assertThat(specs).extracting(ParamSpec::name).doesNotHaveDuplicates()
          .contains("visual.layer1.0.bn3.running_var", "visual.attnpool.c_proj.weight");
      assertThat(params.spec("visual.conv1.weight").shape()).isEqualTo(Shape.of(3, 3, 3, 8));
      assertThat(params.spec("visual.layer1.0.bn3.weight").init()).isEqualTo(Init.zeros());
      assertThat(params.trainable()).doesNotContainKey("visual.bn1.running_mean");
    }
  }
}
