import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.examples.bench.Timing;
import dev.clipjvm.clip.tf.model.ClipGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The graph forms docs/speed.md compares for the encoders' attention, MLP and linear layers,
 * each timed on its own at the encoders' shapes (random inputs, 2 intra-op threads):
 *
 * <pre>
 * TF_ENABLE_ONEDNN_OPTS=1 TF_CPP_MIN_LOG_LEVEL=2 java \
 *     -cp "clip-examples/target/clip-examples.jar:clip-examples/target/lib/*" \
 *     docs/bench/KernelVariants.java attention|mlp|linear|pixels
 * </pre>
 *
 * {@code attention}: scores, softmax and values of one layer, as {@code BatchMatMulV3} (what TF
 * Java builds; Eigen) and {@code BatchMatMulV2} (oneDNN), for ViT-B/32 at batch 16 and the text
 * encoder at 64 x 77 with its causal mask, rank 2 and rank 4 (the rank-4 form is fused by
 * grappler into {@code _MklFusedBatchMatMulV2}). {@code mlp}: the activation after {@code c_fc}
 * as QuickGELU ({@code x * sigmoid(1.702 x)}), as Swish ({@code _MklSwish}) and as a 1x1
 * convolution with fused Swish. {@code linear}: {@code MatMul + BiasAdd} (oneDNN's inner product)
 * against {@code BatchMatMulV2} (oneDNN's matmul). {@code pixels}: 16 uint8 images of 224 x 224
 * normalized with per-channel constants broadcast along the innermost axis of 3 channels, and
 * as rows of 224 x 3 values against constants tiled to that length ({@code
 * ClipGraph.normalizePixels}); the pixels are fed as floats and cast to uint8 in both forms. Each
 * form's median call over at least a second ({@code clip bench}'s protocol: two warm-up calls
 * first), four alternating rounds.
 */
public final class KernelVariants {
  private static int names;

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "attention";
    switch (what) {
      case "attention" -> {
        attention("ViT-B/32 batch 16", 16, 12, 50, false);
        attention("text 64 x 77, causal", 64, 8, 77, true);
      }
      case "mlp" -> {
        mlp("ViT-B/32 batch 16: 800 x 768 -> 3072", 800, 768);
        mlp("text 64 x 77: 4928 x 512 -> 2048", 4928, 512);
      }
      case "linear" -> {
        linear("800 x 768 -> 3072", 800, 768, 3072);
        linear("800 x 3072 -> 768", 800, 3072, 768);
        linear("4928 x 512 -> 2048", 4928, 512, 2048);
      }
      case "pixels" -> pixels(16, 224);
      default -> throw new IllegalArgumentException("attention, mlp, linear or pixels, not "
          + what);
    }
  }

  private static void attention(String label, int batch, int heads, int tokens, boolean causal) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Shape shape = Shape.of(batch, heads, tokens, 64);
      List<Placeholder<TFloat32>> in = List.of(placeholder(tf, shape), placeholder(tf, shape),
          placeholder(tf, shape));
      float[][] mask = new float[tokens][tokens];
      for (int i = 0; i < tokens; i++) {
        for (int j = i + 1; j < tokens; j++) {
          mask[i][j] = Float.NEGATIVE_INFINITY;
        }
      }
      Operand<TFloat32> mask2 = tf.constant(mask);
      Operand<TFloat32> mask4 = tf.reshape(mask2, tf.constant(new long[] {1, 1, tokens, tokens}));
      Map<String, Operand<TFloat32>> forms = new LinkedHashMap<>();
      forms.put("BatchMatMulV3", attend(tf, "BatchMatMulV3", in, causal ? mask2 : null));
      forms.put("BatchMatMulV2", attend(tf, "BatchMatMulV2", in, causal ? mask2 : null));
      if (causal) {
        forms.put("BatchMatMulV2, rank-4 mask", attend(tf, "BatchMatMulV2", in, mask4));
      }
      time(label, g, in, forms);
    }
  }

  private static Operand<TFloat32> attend(Ops tf, String op, List<Placeholder<TFloat32>> qkv,
      Operand<TFloat32> mask) {
    Operand<TFloat32> q = binary(tf, "Mul", qkv.get(0), tf.constant(0.125f));
    Operand<TFloat32> scores = product(tf, op, q, qkv.get(1), true);
    if (mask != null) {
      scores = binary(tf, "AddV2", scores, mask);
    }
    return product(tf, op, tf.nn.softmax(scores), qkv.get(2), false);
  }

  private static void mlp(String label, int rows, int width) {
    int hidden = 4 * width;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Placeholder<TFloat32>> in = linearInputs(tf, rows, width, hidden);
      Placeholder<TFloat32> x = in.get(0);
      Placeholder<TFloat32> w = in.get(1);
      Placeholder<TFloat32> b = in.get(2);
      Map<String, Operand<TFloat32>> forms = new LinkedHashMap<>();
      Operand<TFloat32> h = tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
      forms.put("QuickGELU", tf.math.mul(h, tf.math.sigmoid(tf.math.mul(h, tf.constant(1.702f)))));
      Operand<TFloat32> h2 = tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
      forms.put("Swish", tf.math.mul(h2, tf.math.sigmoid(h2)));
      Operand<TFloat32> c = tf.nn.biasAdd(tf.nn.conv2d(
          tf.reshape(x, tf.constant(new long[] {1, -1, 1, width})),
          tf.reshape(w, tf.constant(new long[] {1, 1, width, hidden})),
          List.of(1L, 1L, 1L, 1L), "VALID"), b);
      forms.put("1x1 convolution + Swish", tf.math.mul(c, tf.math.sigmoid(c)));
      time(label, g, in, forms);
    }
  }

  private static void linear(String label, int rows, int width, int out) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Placeholder<TFloat32>> in = linearInputs(tf, rows, width, out);
      Map<String, Operand<TFloat32>> forms = new LinkedHashMap<>();
      forms.put("MatMul + BiasAdd", tf.nn.biasAdd(tf.linalg.matMul(in.get(0), in.get(1)),
          in.get(2)));
      forms.put("BatchMatMulV2 + BiasAdd", tf.nn.biasAdd(product(tf, "BatchMatMulV2", in.get(0),
          in.get(1), false), in.get(2)));
      time(label + String.format(" (%.1f GFLOP)", 2e-9 * rows * width * out), g, in, forms);
    }
  }

  private static void pixels(int n, int size) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = placeholder(tf, Shape.of(n, size, size, 3));
      Operand<TUint8> px = tf.dtypes.cast(in, TUint8.class);
      float[] a = new float[3];
      float[] b = new float[3];
      for (int c = 0; c < 3; c++) {
        a[c] = 1f / (255f * Normalization.CLIP.std()[c]);
        b[c] = Normalization.CLIP.mean()[c] / Normalization.CLIP.std()[c];
      }
      Map<String, Operand<TFloat32>> forms = new LinkedHashMap<>();
      forms.put("channels innermost", tf.math.sub(tf.math.mul(
          tf.dtypes.cast(px, TFloat32.class), tf.constant(a)), tf.constant(b)));
      forms.put("rows of size x 3", ClipGraph.normalizePixels(tf, px, size));
      time(n + " uint8 images of " + size + " x " + size + ", normalized", g, List.of(in), forms);
    }
  }

  /** A linear layer's input {@code [rows, in]}, weight {@code [in, out]} and bias {@code [out]}. */
  private static List<Placeholder<TFloat32>> linearInputs(Ops tf, int rows, int in, int out) {
    return List.of(placeholder(tf, Shape.of(rows, in)), placeholder(tf, Shape.of(in, out)),
        placeholder(tf, Shape.of(out)));
  }

  private static void time(String label, Graph g, List<Placeholder<TFloat32>> in,
      Map<String, Operand<TFloat32>> forms) {
    ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(2)
        .setInterOpParallelismThreads(1).build();
    List<TFloat32> values = new ArrayList<>();
    Random r = new Random(1);
    try (Session s = new Session(g, config)) {
      for (Placeholder<TFloat32> p : in) {
        TFloat32 t = TFloat32.tensorOf(p.shape());
        t.scalars().forEach(e -> e.setFloat((float) (0.1 * r.nextGaussian())));
        values.add(t);
      }
      System.out.println(label + ": median ms per call");
      for (int round = 0; round < 4; round++) {
        StringBuilder line = new StringBuilder("  round " + round + ":");
        for (Map.Entry<String, Operand<TFloat32>> f : forms.entrySet()) {
          line.append(String.format("  %s %.2f", f.getKey(),
              medianMillis(s, in, values, f.getValue())));
        }
        System.out.println(line);
      }
    } finally {
      values.forEach(TFloat32::close);
    }
  }

  /** Median milliseconds per call, by {@code clip bench}'s protocol ({@link Timing}). */
  private static double medianMillis(Session s, List<Placeholder<TFloat32>> in,
      List<TFloat32> values, Operand<TFloat32> out) {
    try {
      return 1e3 / Timing.itemsPerSecond(() -> {
        Session.Runner runner = s.runner();
        for (int k = 0; k < in.size(); k++) {
          runner.feed(in.get(k), values.get(k));
        }
        runner.fetch(out).run().close();
      }, 1, 1.0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Placeholder<TFloat32> placeholder(Ops tf, Shape shape) {
    return tf.placeholder(TFloat32.class, Placeholder.shape(shape));
  }

  private static Operand<TFloat32> product(Ops tf, String op, Operand<TFloat32> a,
      Operand<TFloat32> b, boolean adjointB) {
    var builder = tf.scope().opBuilder(op, op + "_" + names++).addInput(a.asOutput())
        .addInput(b.asOutput()).setAttr("adj_x", false).setAttr("adj_y", adjointB);
    if (op.equals("BatchMatMulV3")) {
      builder.setAttr("Tout", org.tensorflow.proto.DataType.DT_FLOAT);
    }
    return builder.build().output(0);
  }

  private static Operand<TFloat32> binary(Ops tf, String op, Operand<TFloat32> a,
      Operand<TFloat32> b) {
    return tf.scope().opBuilder(op, op + "_" + names++).addInput(a.asOutput())
        .addInput(b.asOutput()).build().output(0);
  }
}
