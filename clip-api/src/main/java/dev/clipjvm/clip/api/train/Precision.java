package dev.clipjvm.clip.api.train;

/** Numeric precision of training (paper section 2.5 trains with mixed precision). */
public enum Precision {
  /** Weights, activations and gradients in float32. */
  FP32,
  /**
   * Float32 master weights, optimizer state and loss. On a CPU with native bfloat16 (AVX512_BF16
   * or AMX) the matmuls, convolutions and the element-wise work between them compute in
   * bfloat16; on other CPUs the graph computes in float32 on weights rounded to bfloat16 (no
   * speed-up). See clip-tf's {@code MixedPrecision} and docs/speed.md for measurements.
   */
  BF16_MIXED
}
