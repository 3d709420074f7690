package dev.clipjvm.clip.data.tensor;

/** Conversions between float32 and the 16-bit float formats F16 (IEEE half) and BF16. */
public final class HalfFloats {
  private HalfFloats() {}

  /** The float value of IEEE 754 half-precision bits (exact: every half is a float). */
  public static float f16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal half
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The float value of bfloat16 bits (the high half of a float32). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** Rounds a float to the nearest IEEE half (ties to even), as PyTorch's {@code .half()}. */
  public static short floatToF16(float f) {
    int x = Float.floatToRawIntBits(f);
    int sign = (x >>> 16) & 0x8000;
    int abs = x & 0x7fffffff;
    if (abs >= 0x7f800000) {
      return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
    }
    if (abs >= 0x477ff000) { // rounds to >= 65520: overflow to infinity
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x38800000) { // below the smallest normal half: subnormal or zero
      float a = Float.intBitsToFloat(abs) * 0x1p24f; // in units of the smallest subnormal
      return (short) (sign | (int) Math.rint(a));
    }
    int rounded = abs + 0xfff + ((abs >>> 13) & 1); // round to nearest even at bit 13
    return (short) (sign | ((rounded - 0x38000000) >>> 13));
  }

  /** Rounds a float to the nearest bfloat16 (ties to even). */
  public static short floatToBf16(float f) {
    int x = Float.floatToRawIntBits(f);
    if ((x & 0x7fffffff) > 0x7f800000) {
      return (short) ((x >>> 16) | 0x40);
    }
    return (short) ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16);
  }
}
