package dev.clipjvm.clip.tf.params;

import dev.clipjvm.clip.tf.model.Init;
import dev.clipjvm.clip.tf.model.ParamSpec;
import java.util.SplittableRandom;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Seeded draws from each parameter's reference {@link Init}. Each parameter has its own stream
 * derived from the seed and its name, so values do not depend on the order of creation.
 *
 * @param seed the run's seed
 */
public record RandomInit(long seed) implements InitialValues {

  @Override
  public TFloat32 value(ParamSpec spec) {
    float[] v = draw(spec);
    return TFloat32.tensorOf(spec.shape(), DataBuffers.of(v, true, false));
  }

  /** The values of {@code spec} as a flat array in the graph layout. */
  public float[] draw(ParamSpec spec) {
    float[] v = new float[Math.toIntExact(spec.size())];
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + spec.name().hashCode());
    Init init = spec.init();
    if (init instanceof Init.Normal n) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * n.std());
      }
    } else if (init instanceof Init.Uniform u) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((r.nextDouble() * 2 - 1) * u.bound());
      }
    } else {
      java.util.Arrays.fill(v, (float) ((Init.Constant) init).value());
    }
    return v;
  }
}
