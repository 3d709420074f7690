package dev.clipjvm.clip.tf.model;

/**
 * How a parameter's graph layout relates to its PyTorch checkpoint layout. The graph uses
 * layouts that need no transpose at run time; importers convert once at load time.
 */
public enum Layout {
  /** Same layout in the graph and in the checkpoint (gains, biases, embeddings, projections). */
  AS_IS,
  /** A linear weight: graph {@code [in, out]}, checkpoint {@code [out, in]} (transposed). */
  LINEAR,
  /** A convolution kernel: graph HWIO {@code [kh, kw, in, out]}, checkpoint OIHW. */
  CONV
}
