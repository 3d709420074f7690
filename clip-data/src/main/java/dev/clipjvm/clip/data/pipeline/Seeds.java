package dev.clipjvm.clip.data.pipeline;

/** Deterministic seed mixing (SplitMix64's finalizer), so derived streams are independent. */
final class Seeds {
  private Seeds() {}

  /** A well-mixed 64-bit value of the inputs. */
  static long mix(long... values) {
    long h = 0x9E3779B97F4A7C15L;
    for (long v : values) {
      h = finalize(h ^ finalize(v + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  /** A uniform double in [0, 1) from the inputs. */
  static double unit(long... values) {
    return (mix(values) >>> 11) * 0x1.0p-53;
  }

  private static long finalize(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
