package dev.clipjvm.clip.tf.model;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the parity fixtures ({@code clip.reference.dir}). When they are missing the calling
 * test fails under {@code CI=true} and is skipped otherwise.
 */
public final class ReferenceFixtures {
  private ReferenceFixtures() {}

  /** The fixture directory {@code name} (for example {@code vit-tiny}). */
  public static Path dir(String name) {
    String base = System.getProperty("clip.reference.dir", "../../shared/reference");
    Path p = Path.of(base, name);
    if (!Files.isRegularFile(p.resolve("model.safetensors"))) {
      if ("true".equals(System.getenv("CI"))) {
        fail("parity fixture missing: " + p.toAbsolutePath());
      }
      assumeTrue(false, "parity fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  /** max|a - b| / max|b|. */
  public static double relativeError(float[] a, float[] b) {
    return relativeError(widen(a), widen(b));
  }

  /** {@link #relativeError(float[], float[])} of float results against double expectations. */
  public static double relativeError(float[] a, double[] b) {
    return relativeError(widen(a), b);
  }

  /** The largest absolute difference over the largest absolute value of {@code b}. */
  public static double relativeError(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double diff = 0;
    double ref = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      ref = Math.max(ref, Math.abs(b[i]));
    }
    return diff / ref;
  }

  private static double[] widen(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }
}
