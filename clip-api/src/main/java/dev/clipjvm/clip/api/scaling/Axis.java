package dev.clipjvm.clip.api.scaling;

/** A dimension along which an image encoder scales. */
public enum Axis {
  /** Channels (ResNet stem width) or residual width (ViT). */
  WIDTH,
  /** Blocks per ResNet stage, or ViT layers. */
  DEPTH,
  /** Input image side. */
  RESOLUTION
}
