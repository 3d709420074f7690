package dev.clipjvm.clip.tf.train;

import static dev.clipjvm.clip.tf.model.ReferenceFixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.experiment.ModelExport;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.params.RandomInit;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Training a ModifiedResNet keeps PyTorch's BatchNorm running statistics: after a few steps the
 * exported {@code running_mean}/{@code running_var} equal the momentum-0.1 averages of the
 * per-step batch statistics computed by hand from the activations each BatchNorm saw (unbiased
 * variance), {@code num_batches_tracked} counts the steps, and the exported model evaluates in
 * inference form exactly as the training graph's evaluation path does.
 */
class BatchNormStatisticsTest {
  private static final int BATCH = 3;
  private static final int STEPS = 3;
  /** A stem, a bottleneck and a shortcut BatchNorm, with their convolutions. */
  private static final Map<String, String> LAYERS = ResNetWorkerMain.LAYERS;

  /** The data-parallel workers' model: a ModifiedResNet smaller than the tiny-rn fixture. */
  private static final ClipConfig CONFIG = ResNetWorkerMain.CONFIG;
  private static final int[] TOKENS = {1, 20, 599, 0, 1, 30, 599, 0, 1, 40, 50, 599};

  @TempDir Path tmp;

  @Test
  void aLockedImageTowerTrainsOnItsInferenceFormAndKeepsItsStatistics() throws Exception {
    int size = CONFIG.vision().imageSize();
    Path export = tmp.resolve("locked.safetensors");
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ClipTowers towers = new ClipTowers(g, CONFIG, Precision.FP32);
      TrainGraph tg = TrainGraph.build(g, tf -> towers, 100,
          new AdamWConfig(1e-3, 0.9, 0.98, 1e-6, 0.2), 0, FrozenTower.IMAGE);
      assertThat(tg.imageFeatures()).isSameAs(tg.evalImageFeatures());
      assertThat(towers.stateUpdates()).isEmpty();
      s.initialize();
      towers.variables().initialize(s, new RandomInit(5));
      Random r = new Random(1);
      for (int step = 1; step <= 2; step++) {
        try (TUint8 images = TUint8.tensorOf(Shape.of(BATCH, size, size, 3),
                DataBuffers.of(pixels(r, size), true, false));
            TInt32 tokens = TInt32.tensorOf(Shape.of(BATCH, 4),
                DataBuffers.of(TOKENS, true, false))) {
          assertThat(tg.run(s, images, tokens, 1e-3, step).finite()).isTrue();
        }
      }
      ModelExport.write(s, towers.variables(), export, Map.of());
    }
    TensorFile model = Safetensors.read(export);
    assertThat(model.get("visual.layer2.0.bn2.running_mean").toFloats()).containsOnly(0f);
    assertThat(model.get("visual.layer2.0.bn2.running_var").toFloats()).containsOnly(1f);
    assertThat(model.get("visual.layer2.0.bn2.num_batches_tracked").toLongs()).containsExactly(0);
  }

  @Test
  void runningStatisticsFollowPyTorchAndTheExportEvaluatesLikeTraining() throws Exception {
    ClipConfig config = CONFIG;
    int size = config.vision().imageSize();
    Map<String, double[]> mean = new java.util.HashMap<>();
    Map<String, double[]> var = new java.util.HashMap<>();
    Path export = tmp.resolve("model.safetensors");
    byte[] evalPixels = pixels(new Random(99), size);
    float[][] trainedEval;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ClipTowers towers = new ClipTowers(g, config, Precision.FP32);
      TrainGraph tg = TrainGraph.build(g, tf -> towers, 100,
          new AdamWConfig(1e-3, 0.9, 0.98, 1e-6, 0.2), 0, FrozenTower.NONE);
      s.initialize();
      towers.variables().initialize(s, new RandomInit(5));
      Random r = new Random(1);
      for (int step = 1; step <= STEPS; step++) {
        byte[] px = pixels(r, size);
        try (TUint8 images = TUint8.tensorOf(Shape.of(BATCH, size, size, 3),
                DataBuffers.of(px, true, false));
            TInt32 tokens = TInt32.tensorOf(Shape.of(BATCH, 4),
                DataBuffers.of(TOKENS, true, false))) {
          for (Map.Entry<String, String> e : LAYERS.entrySet()) {
            // The weights have not changed since the last step: these are the activations the
            // step's BatchNorm normalizes.
            try (Result res = s.runner().feed(tg.images(), images)
                .fetch(g.operation(e.getValue()).output(0)).run()) {
              accumulate((TFloat32) res.get(0), e.getKey(), mean, var);
            }
          }
          StepResult out = tg.run(s, images, tokens, 1e-3, step);
          assertThat(out.finite()).isTrue();
        }
      }
      ModelExport.write(s, towers.variables(), export, Map.of());
      trainedEval = features(s, tg, evalPixels, size);
    }
    TensorFile model = Safetensors.read(export);
    for (String bn : LAYERS.keySet()) {
      assertThat(relativeError(model.get(bn + ".running_mean").toFloats(), mean.get(bn)))
          .as(bn + ".running_mean").isLessThanOrEqualTo(1e-5);
      assertThat(relativeError(model.get(bn + ".running_var").toFloats(), var.get(bn)))
          .as(bn + ".running_var").isLessThanOrEqualTo(1e-5);
      assertThat(model.get(bn + ".num_batches_tracked").toLongs()).containsExactly(STEPS);
    }
    try (ClipEncoder enc = ClipEncoder.load(Checkpoint.read(export, config), 1)) {
      float[][] f = enc.encodePixels(evalPixels, BATCH);
      for (int i = 0; i < BATCH; i++) {
        double norm = 0;
        for (float x : f[i]) {
          norm += x * x;
        }
        for (int k = 0; k < f[i].length; k++) {
          assertThat(f[i][k] / Math.sqrt(norm)).as("image %d feature %d", i, k)
              .isCloseTo(trainedEval[i][k], org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  /** Folds one step's batch statistics into the expected running statistics. */
  private static void accumulate(TFloat32 y, String bn, Map<String, double[]> mean,
      Map<String, double[]> var) {
    int c = (int) y.shape().get(3);
    int n = (int) (y.size() / c);
    float[] v = new float[(int) y.size()];
    y.copyTo(DataBuffers.of(v, false, false));
    double[] m = mean.computeIfAbsent(bn, k -> new double[c]); // PyTorch starts at 0 ...
    double[] s = var.computeIfAbsent(bn, k -> filled(c, 1)); // ... and 1
    for (int ch = 0; ch < c; ch++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += v[i * c + ch];
      }
      double mu = sum / n;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double d = v[i * c + ch] - mu;
        sq += d * d;
      }
      m[ch] = 0.9 * m[ch] + 0.1 * mu;
      s[ch] = 0.9 * s[ch] + 0.1 * sq / (n - 1);
    }
  }

  private static float[][] features(Session s, TrainGraph tg, byte[] px, int size) {
    try (TUint8 images = TUint8.tensorOf(Shape.of(BATCH, size, size, 3),
            DataBuffers.of(px, true, false));
        Result r = s.runner().feed(tg.images(), images).fetch(tg.evalImageFeatures()).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      int d = (int) t.shape().get(1);
      float[] flat = new float[BATCH * d];
      t.copyTo(DataBuffers.of(flat, false, false));
      float[][] out = new float[BATCH][d];
      for (int i = 0; i < BATCH; i++) {
        System.arraycopy(flat, i * d, out[i], 0, d);
      }
      return out;
    }
  }

  private static byte[] pixels(Random r, int size) {
    byte[] px = new byte[BATCH * size * size * 3];
    r.nextBytes(px);
    return px;
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

}
