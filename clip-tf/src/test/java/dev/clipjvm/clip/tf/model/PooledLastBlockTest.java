package dev.clipjvm.clip.tf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.params.VariableParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The last Transformer block runs only on the pooled rows (each text's end-of-text token, each
 * image's class token), with the causal mask's row of each pooled position: texts of different
 * lengths encoded in one batch must give what each gives alone, where its end-of-text token is
 * the last position and needs no mask row. (Agreement with the reference model is
 * {@code ClipGraphParityTest}'s.)
 */
class PooledLastBlockTest {
  private static final int CONTEXT = 12;

  /** Both MLP nonlinearities: QuickGELU carries the residual stream scaled, GELU does not. */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void textsOfDifferentLengthsInOneBatchEncodeAsAlone(Activation activation) {
    ClipConfig config = ClipConfig.of(16, new VitConfig(16, 8, 32, 3, 16, 2.0),
        new TextConfig(CONTEXT, 100, 32, 2, 3), activation);
    int[][] texts = {{1, 5, 7, 99}, {1, 3, 4, 5, 6, 8, 9, 99}, {1, 99}, {1, 2, 2, 2, 2, 99}};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableParameters params = new VariableParameters(g);
      Placeholder<TInt32> tokens =
          tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, CONTEXT)));
      Operand<TFloat32> features = new ClipGraph(config, params).textFeatures(tf, tokens);
      try (Session s = new Session(g)) {
        params.initialize(s, new RandomInit(3));
        float[][] together = run(s, tokens, features, texts);
        for (int i = 0; i < texts.length; i++) {
          float[] alone = run(s, tokens, features, new int[][] {texts[i]})[0];
          assertThat(together[i]).as("text %d", i).containsExactly(alone, within(1e-5f));
        }
        assertThat(together[0]).isNotEqualTo(together[1]);
      }
    }
  }

  private static float[][] run(Session s, Placeholder<TInt32> in, Operand<TFloat32> out,
      int[][] texts) {
    int[][] padded = new int[texts.length][CONTEXT];
    for (int i = 0; i < texts.length; i++) {
      System.arraycopy(texts[i], 0, padded[i], 0, texts[i].length);
    }
    try (TInt32 t = TInt32.tensorOf(StdArrays.ndCopyOf(padded));
        Result r = s.runner().feed(in, t).fetch(out).run()) {
      TFloat32 f = (TFloat32) r.get(0);
      float[][] rows = new float[texts.length][(int) f.shape().get(1)];
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0; j < rows[i].length; j++) {
          rows[i][j] = f.getFloat(i, j);
        }
      }
      return rows;
    }
  }
}
