package dev.clipjvm.clip.tf.inference;

/** Which output of the image encoder to read. */
public enum ImageOutput {
  /** The joint-space features after the projection, unnormalized (the reference's output). */
  FEATURES,
  /** The joint-space features L2-normalized: what zero-shot and retrieval compare. */
  EMBEDDING,
  /**
   * The features before the projection into the joint space, as the paper's linear probes read
   * them (see {@link dev.clipjvm.clip.tf.model.ImageTower}).
   */
  PRE_PROJECTION
}
