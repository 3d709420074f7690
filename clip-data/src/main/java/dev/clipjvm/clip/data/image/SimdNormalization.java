package dev.clipjvm.clip.data.image;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Normalization} of RGB planes on SIMD lanes: {@code (v / 255 - mean) / std} with the same
 * float32 operations in the same order as the scalar formula (IEEE division and subtraction are
 * correctly rounded in both), so the values are identical. Only used when
 * {@link Simd#ENABLED}.
 */
final class SimdNormalization {

  private static final VectorSpecies<Byte> BYTE = ByteVector.SPECIES_64;
  private static final VectorSpecies<Integer> INT = IntVector.SPECIES_256;
  private static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_256;
  private static final int L = FLOAT.length();

  private SimdNormalization() {}

  /** Normalizes samples {@code [from, to)} of {@code in} into the same places of {@code out}. */
  static void normalize(byte[] in, int from, int to, float mean, float std, float[] out) {
    int i = from;
    for (; i + L <= to; i += L) {
      FloatVector v = ((IntVector) ByteVector.fromArray(BYTE, in, i)
          .convertShape(VectorOperators.B2I, INT, 0)).and(0xFF)
          .convertShape(VectorOperators.I2F, FLOAT, 0).reinterpretAsFloats();
      v.div(255f).sub(mean).div(std).intoArray(out, i);
    }
    for (; i < to; i++) {
      out[i] = ((in[i] & 0xFF) / 255f - mean) / std;
    }
  }
}
