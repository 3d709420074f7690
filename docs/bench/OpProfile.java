import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.tf.model.ClipGraph;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Per-op time profile of one encoder (docs/speed.md), from TensorFlow's step statistics:
 *
 * <pre>
 * java -cp "clip-examples/target/clip-examples.jar:clip-examples/target/lib/*" \
 *     docs/bench/OpProfile.java PRESET BATCH TEXT_LENGTH [profile|bf16|xla]
 * </pre>
 *
 * TEXT_LENGTH 0 profiles the image encoder (uint8 pixels), otherwise the text encoder on texts of
 * that many tokens. {@code profile} (default) prints each op type's share of the op time over
 * three traced runs (trace level FULL_TRACE); {@code bf16} compares a float32 session with one
 * running TensorFlow's oneDNN bfloat16 rewrite on the same graph: the features' difference,
 * then four alternating rounds of two calls each; {@code xla} the same with a session whose
 * graph is auto-clustered and compiled by XLA (global JIT level ON_1; set
 * TF_XLA_FLAGS=--tf_xla_cpu_global_jit as well, or TensorFlow clusters nothing on CPU). Run with
 * TF_ENABLE_ONEDNN_OPTS=1 as ./clip does.
 */
public final class OpProfile {
  public static void main(String[] args) throws Exception {
    ClipConfig config = ModelPresets.get(args[0]);
    int batch = Integer.parseInt(args[1]);
    int textLength = Integer.parseInt(args[2]);
    String mode = args.length > 3 ? args[3] : "profile";
    int size = config.vision().imageSize();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableParameters params = new VariableParameters(g);
      ClipGraph clip = new ClipGraph(config, params);
      Placeholder<TUint8> pixels =
          tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      Placeholder<TInt32> tokens = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 77)));
      Operand<?> in = textLength == 0 ? pixels : tokens;
      Operand<TFloat32> out = textLength == 0 ? clip.imageFeaturesFromPixels(tf, pixels)
          : clip.textFeatures(tf, tokens);
      ConfigProto f32 = ConfigProto.newBuilder().setInterOpParallelismThreads(1)
          .setIntraOpParallelismThreads(2).build();
      ConfigProto.Builder other = f32.toBuilder();
      if (mode.equals("xla")) {
        other.getGraphOptionsBuilder().getOptimizerOptionsBuilder()
            .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
      } else {
        other.getGraphOptionsBuilder().getRewriteOptionsBuilder()
            .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
      }
      try (Tensor input = input(batch, textLength, size);
          Session a = new Session(g, f32); Session b = new Session(g, other.build())) {
        params.initialize(a, new RandomInit(0));
        if (!mode.equals("profile")) {
          params.initialize(b, new RandomInit(0));
          compare(a, b, in, input, out, batch, mode);
        } else {
          profile(a, in, input, out);
        }
      }
    }
  }

  private static void profile(Session s, Operand<?> in, Tensor input, Operand<TFloat32> out) {
    run(s, in, input, out);
    run(s, in, input, out);
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
        .build();
    Map<String, double[]> byType = new TreeMap<>(); // op type -> {microseconds, count}
    double total = 0;
    int runs = 3;
    for (int k = 0; k < runs; k++) {
      try (Result r = s.runner().feed(in, input).fetch(out).setOptions(trace)
          .runAndFetchMetadata()) {
        for (DeviceStepStats d : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
          for (NodeExecStats n : d.getNodeStatsList()) {
            String label = n.getTimelineLabel(); // "name = Type(inputs)"
            String type = label.contains("= ") ? label.substring(label.indexOf("= ") + 2) : label;
            type = type.contains("(") ? type.substring(0, type.indexOf('(')) : type;
            double us = (n.getOpEndRelMicros() - n.getOpStartRelMicros()) / (double) runs;
            double[] v = byType.computeIfAbsent(type, t -> new double[2]);
            v[0] += us;
            v[1] += 1.0 / runs;
            total += us;
          }
        }
      }
    }
    System.out.printf("op time per call %.1f ms (load %s)%n", total / 1000, load());
    double sum = total;
    byType.entrySet().stream().filter(e -> e.getValue()[0] >= 0.0005 * sum)
        .sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
        .forEach(e -> System.out.printf("  %-26s %9.1f ms %5.1f%%  ops %d%n", e.getKey(),
            e.getValue()[0] / 1000, 100 * e.getValue()[0] / sum, Math.round(e.getValue()[1])));
  }

  private static void compare(Session f32, Session other, Operand<?> in, Tensor input,
      Operand<TFloat32> out, int batch, String mode) {
    float[] x = run(f32, in, input, out);
    float[] y = run(other, in, input, out);
    int d = x.length / batch;
    double worstCos = 1;
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < batch; i++) {
      double dot = 0;
      double nx = 0;
      double ny = 0;
      for (int j = 0; j < d; j++) {
        double p = x[i * d + j];
        double q = y[i * d + j];
        dot += p * q;
        nx += p * p;
        ny += q * q;
        maxDiff = Math.max(maxDiff, Math.abs(p - q));
        maxRef = Math.max(maxRef, Math.abs(p));
      }
      worstCos = Math.min(worstCos, dot / Math.sqrt(nx * ny));
    }
    System.out.printf("%s vs fp32: max|diff|/max|fp32| %.2e, worst cosine %.6f%n", mode,
        maxDiff / maxRef, worstCos);
    run(f32, in, input, out);
    run(other, in, input, out);
    for (int k = 0; k < 4; k++) {
      double a = rate(f32, in, input, out, batch);
      double b = rate(other, in, input, out, batch);
      System.out.printf("round %d (load %s): fp32 %.2f, %s %.2f items/s, ratio %.2f%n", k,
          load(), a, mode, b, b / a);
    }
  }

  private static double rate(Session s, Operand<?> in, Tensor input, Operand<TFloat32> out,
      int batch) {
    long t = System.nanoTime();
    run(s, in, input, out);
    run(s, in, input, out);
    return 2.0 * batch / ((System.nanoTime() - t) / 1e9);
  }

  private static float[] run(Session s, Operand<?> in, Tensor input, Operand<TFloat32> out) {
    try (Result r = s.runner().feed(in, input).fetch(out).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] f = new float[(int) t.size()];
      t.copyTo(DataBuffers.of(f, false, false));
      return f;
    }
  }

  private static Tensor input(int batch, int textLength, int size) {
    Random r = new Random(1);
    if (textLength == 0) {
      byte[] b = new byte[batch * size * size * 3];
      r.nextBytes(b);
      return TUint8.tensorOf(Shape.of(batch, size, size, 3), DataBuffers.of(b, true, false));
    }
    int[] ids = new int[batch * 77];
    for (int i = 0; i < batch; i++) {
      ids[i * 77] = 49406;
      for (int j = 1; j < textLength - 1; j++) {
        ids[i * 77 + j] = 1 + r.nextInt(49404);
      }
      ids[i * 77 + textLength - 1] = 49407;
    }
    return TInt32.tensorOf(Shape.of(batch, 77), DataBuffers.of(ids, true, false));
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
