package dev.clipjvm.clip.api.experiment;

/**
 * Which tower, if any, training keeps fixed: LiT (Zhai et al. 2022) locks a pre-trained image
 * tower and trains the text tower against it.
 */
public enum FrozenTower {
  /** Both towers train. */
  NONE,
  /** The image tower is fixed (LiT). */
  IMAGE,
  /** The text tower is fixed. */
  TEXT
}
