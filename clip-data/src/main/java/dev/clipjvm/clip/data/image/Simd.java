package dev.clipjvm.clip.data.image;

/**
 * Whether this JVM runs the image kernels on SIMD lanes ({@link SimdResampler},
 * {@link SimdNormalization}): the incubating Vector API module is present (the JVM was started
 * with {@code --add-modules jdk.incubator.vector}), the hardware has 256-bit int vectors, and
 * {@code -Dclip.simd=false} has not turned it off. Decided once; the Vector API classes are only
 * loaded when the module is there.
 */
final class Simd {

  /** True when the SIMD kernels are used. */
  static final boolean ENABLED = available();

  private Simd() {}

  private static boolean available() {
    if ("false".equalsIgnoreCase(System.getProperty("clip.simd"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return SimdResampler.usable();
    } catch (LinkageError e) {
      return false;
    }
  }
}
