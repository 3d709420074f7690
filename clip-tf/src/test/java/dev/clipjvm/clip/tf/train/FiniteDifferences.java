package dev.clipjvm.clip.tf.train;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Central finite differences of a scalar loss with respect to single parameter elements. */
final class FiniteDifferences {
  private FiniteDifferences() {}

  /** The {@code n} values of {@code x} in the session. */
  static float[] read(Session s, Operand<TFloat32> x, long n) {
    try (TFloat32 t = (TFloat32) s.runner().fetch(x).run().get(0)) {
      float[] out = new float[(int) n];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  /** {@code (loss(p[k] + h) - loss(p[k] - h)) / 2h}; the parameter is restored afterwards. */
  static double derivative(Session s, Ops tf, Parameter p, long k, double h,
      Operand<TFloat32> loss) {
    return (lossWith(s, tf, p, k, h, loss) - lossWith(s, tf, p, k, -h, loss)) / (2 * h);
  }

  private static double lossWith(Session s, Ops tf, Parameter p, long k, double h,
      Operand<TFloat32> loss) {
    long n = p.variable().shape().size();
    float[] original = read(s, p.variable(), n);
    float[] shifted = original.clone();
    shifted[(int) k] += (float) h;
    set(s, tf, p, shifted);
    double value;
    try (TFloat32 v = (TFloat32) s.runner().fetch(loss).run().get(0)) {
      value = v.getFloat();
    }
    set(s, tf, p, original);
    return value;
  }

  private static void set(Session s, Ops tf, Parameter p, float[] values) {
    try (TFloat32 t = TFloat32.tensorOf(p.variable().shape(),
        DataBuffers.of(values, true, false))) {
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class);
      s.runner().feed(in, t).addTarget(tf.assign(p.variable(), in)).run();
    }
  }
}
