import dev.clipjvm.clip.examples.bench.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The float32 MatMul rate of TensorFlow (oneDNN) at the shapes the encoders multiply, beside the
 * 1024 x 1024 x 1024 product that {@code clip bench}'s {@code matmul_gflops} times (docs/speed.md):
 *
 * <pre>
 * java -cp "clip-examples/target/clip-examples.jar:clip-examples/target/lib/*" \
 *     docs/bench/MatmulShapes.java [THREADS] [bias]
 * </pre>
 *
 * With {@code bias} each product gets a bias added ({@code BiasAdd}), which grappler fuses into
 * the same oneDNN kernel ({@code _MklNativeFusedMatMul}) as the encoders' linear layers.
 *
 * Each shape M x K x N runs as eight products of one {@code [M, K]} matrix with eight different
 * {@code [K, N]} matrices in one session run (placeholders fed with tensors made once: feeding
 * passes the native buffers, nothing is copied); the fastest of the runs in three seconds counts,
 * as for {@code matmul_gflops}. Run with
 * TF_ENABLE_ONEDNN_OPTS=1 as ./clip does.
 */
public final class MatmulShapes {
  private static final int PRODUCTS = 8;

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    boolean bias = args.length > 1 && args[1].equals("bias");
    // {label, M, K, N}: ViT-B/32 image encoder at batch 16 (16 x 50 tokens), the 77-token text
    // encoder at batch 64 (64 x 77 rows), each block's four products.
    Object[][] shapes = {
        {"cube 1024 (matmul_gflops)", 1024, 1024, 1024},
        {"ViT-B/32 b16: qkv 768->2304", 800, 768, 2304},
        {"ViT-B/32 b16: out 768->768", 800, 768, 768},
        {"ViT-B/32 b16: fc 768->3072", 800, 768, 3072},
        {"ViT-B/32 b16: proj 3072->768", 800, 3072, 768},
        {"text b64x77: qkv 512->1536", 4928, 512, 1536},
        {"text b64x77: out 512->512", 4928, 512, 512},
        {"text b64x77: fc 512->2048", 4928, 512, 2048},
        {"text b64x77: proj 2048->512", 4928, 2048, 512},
    };
    double cube = 0;
    for (Object[] s : shapes) {
      double gflops = rate((int) s[1], (int) s[2], (int) s[3], threads, bias);
      cube = cube == 0 ? gflops : cube;
      System.out.printf("%-30s %5d x %4d x %4d  %7.1f GFLOP/s  %5.3f of the cube's rate%n", s[0],
          s[1], s[2], s[3], gflops, gflops / cube);
    }
  }

  private static double rate(int m, int k, int n, int threads, boolean bias) throws Exception {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Random r = new Random(m * 31L + k * 7L + n);
      List<Placeholder<TFloat32>> inputs = new ArrayList<>();
      List<TFloat32> values = new ArrayList<>();
      Placeholder<TFloat32> a = input(tf, inputs, values, random(r, m, k), m, k);
      Operand<TFloat32> total = null;
      for (int i = 0; i < PRODUCTS; i++) {
        Placeholder<TFloat32> b = input(tf, inputs, values, random(r, k, n), k, n);
        Operand<TFloat32> product = tf.linalg.matMul(a, b);
        if (bias) {
          product = tf.nn.biasAdd(product, input(tf, inputs, values, random(r, 1, n), n));
        }
        Operand<TFloat32> p = tf.sum(product, tf.constant(new int[] {0, 1}));
        total = total == null ? p : tf.math.add(total, p);
      }
      ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
          .setInterOpParallelismThreads(1).build();
      try (Session s = new Session(g, config)) {
        Operand<TFloat32> fetch = total;
        double runsPerSecond = Timing.peakItemsPerSecond(() -> {
          Session.Runner runner = s.runner();
          for (int i = 0; i < inputs.size(); i++) {
            runner.feed(inputs.get(i), values.get(i));
          }
          runner.fetch(fetch).run().close();
        }, 1, 3.0); // the fastest run after two warm-ups, as matmul_gflops
        return PRODUCTS * 2.0 * m * k * n * runsPerSecond / 1e9;
      } finally {
        values.forEach(TFloat32::close);
      }
    }
  }

  private static Placeholder<TFloat32> input(Ops tf, List<Placeholder<TFloat32>> inputs,
      List<TFloat32> values, float[] v, long... shape) {
    Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    inputs.add(p);
    values.add(TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false)));
    return p;
  }

  private static float[] random(Random r, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() / Math.sqrt(cols));
    }
    return v;
  }
}
