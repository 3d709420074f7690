package dev.clipjvm.clip.examples.bench;

import java.util.OptionalDouble;

/**
 * A measured value with its unit and, for model rows, the fraction of the machine's float32
 * matmul rate it reaches ({@code items/s * 2 * MACs per item / matmul FLOP/s}).
 *
 * @param value the measured rate
 * @param unit unit of {@code value} ({@code images/s}, {@code GFLOP/s}, ...)
 * @param fractionOfPeak fraction of the matmul rate, when meaningful
 */
public record Measurement(double value, String unit, OptionalDouble fractionOfPeak) {

  /** Requires a finite non-negative value. */
  public Measurement {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("measured value " + value + " is not a finite rate");
    }
  }

  /** A rate without a peak fraction. */
  public static Measurement of(double value, String unit) {
    return new Measurement(value, unit, OptionalDouble.empty());
  }

  /** A model rate: {@code itemsPerSecond} items of {@code macsPerItem} MACs each. */
  public static Measurement ofModel(double itemsPerSecond, String unit, double macsPerItem,
      BenchContext context) throws Exception {
    double flops = itemsPerSecond * 2 * macsPerItem;
    return new Measurement(itemsPerSecond, unit,
        OptionalDouble.of(flops / (context.matmulGflops() * 1e9)));
  }
}
