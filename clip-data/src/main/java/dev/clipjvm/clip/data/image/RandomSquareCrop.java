package dev.clipjvm.clip.data.image;

import java.util.SplittableRandom;

/**
 * The paper's only augmentation (section 2.5): a square whose side is the image's shorter side,
 * at a uniformly random position, resized to {@code size} with Pillow-compatible bicubic
 * resampling.
 *
 * @param size output side, positive
 */
public record RandomSquareCrop(int size) implements ImageTransform {

  /** Validates the size. */
  public RandomSquareCrop {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
  }

  @Override
  public Pixels apply(Pixels image, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int side = Math.min(image.width(), image.height());
    int left = random.nextInt(image.width() - side + 1);
    int top = random.nextInt(image.height() - side + 1);
    return BicubicResampler.resize(image.crop(left, top, side, side), size, size).toRgb();
  }
}
