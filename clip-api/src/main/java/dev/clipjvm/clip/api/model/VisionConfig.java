package dev.clipjvm.clip.api.model;

/** The image tower: a Vision Transformer or a ModifiedResNet. */
public sealed interface VisionConfig permits VitConfig, ResNetConfig {
  /** Input resolution in pixels (square images). */
  int imageSize();

  /** Width of one attention head (the attention pool's heads for a ResNet). */
  int headWidth();

  /** Width of the encoder's output before the projection into the joint space. */
  int outputWidth();

  /** Number of attention heads (in every ViT block, or in the ResNet's attention pool). */
  default int heads() {
    return outputWidth() / headWidth();
  }
}
