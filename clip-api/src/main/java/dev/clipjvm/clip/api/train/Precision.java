package dev.clipjvm.clip.api.train;

/** Numeric precision of training (paper section 2.5 trains with mixed precision). */
public enum Precision {
  /** Weights, activations and gradients in float32. */
  FP32,
  /** Float32 master weights and optimizer state; matmuls and activations in bfloat16. */
  BF16_MIXED
}
