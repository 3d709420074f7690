package dev.clipjvm.clip.api.data;

/**
 * The paper's only training augmentation (section 2.5): a square crop whose side is the image's
 * shorter side, at a uniformly random position, resized to the image size.
 */
public record RandomSquareCrop() implements Augmentation {
  @Override
  public String type() {
    return "random_square_crop";
  }
}
