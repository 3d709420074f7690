package dev.clipjvm.clip.examples.bench;

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
 * {@code matmul_gflops}: the peak float32 rate of TensorFlow's MatMul on this machine (a chain
 * of 1024 x 1024 products per run; the fastest run counts, since this is a peak), the reference
 * for every model row's fraction of peak.
 */
public final class MatmulRow implements BenchRow {
  private static final int N = 1024;
  private static final int CHAIN = 8;

  @Override
  public String key() {
    return "matmul_gflops";
  }

  @Override
  public String description() {
    return "float32 MatMul, " + CHAIN + " chained " + N + "x" + N + " products per run";
  }

  @Override
  public Measurement measure(BenchContext context) throws Exception {
    return Measurement.of(context.matmulGflops(), "GFLOP/s");
  }

  static double measureGflops(BenchContext context) throws Exception {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, N)));
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, N)));
      Operand<TFloat32> x = a;
      for (int i = 0; i < CHAIN; i++) {
        x = tf.linalg.matMul(x, b);
      }
      Operand<TFloat32> sum = tf.sum(x, tf.constant(new int[] {0, 1}));
      float[] va = random(1);
      float[] vb = random(2);
      for (int i = 0; i < vb.length; i++) {
        vb[i] /= (float) Math.sqrt(N); // keeps magnitudes stable along the chain
      }
      ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(context.threads())
          .setInterOpParallelismThreads(1).build();
      try (Session s = new Session(g, config);
          TFloat32 ta = TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(va, true, false));
          TFloat32 tb = TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(vb, true, false))) {
        double runs = Timing.peakItemsPerSecond(
            () -> s.runner().feed(a, ta).feed(b, tb).fetch(sum).run().close(), 1,
            context.minSeconds());
        return runs * CHAIN * 2.0 * N * N * N / 1e9;
      }
    }
  }

  private static float[] random(long seed) {
    Random r = new Random(seed);
    float[] v = new float[N * N];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

}
