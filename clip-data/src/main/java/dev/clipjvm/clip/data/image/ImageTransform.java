package dev.clipjvm.clip.data.image;

/**
 * Turns a decoded image into the square RGB image an image encoder takes. Eval transforms are
 * deterministic; training transforms draw their randomness from {@code seed} alone, so the same
 * seed gives the same crop on any thread or machine.
 */
public sealed interface ImageTransform permits EvalTransform, RandomResizedCrop, RandomSquareCrop {

  /** Side of the square output, in pixels. */
  int size();

  /** The {@code size x size} RGB image for {@code image}, using {@code seed} if random. */
  Pixels apply(Pixels image, long seed);

  /**
   * The same image as {@link #apply} as RGB planes (channels first); transforms that resize
   * write the planes directly, which is faster than interleaving and splitting again.
   */
  default RgbPlanes planes(Pixels image, long seed) {
    return RgbPlanes.of(apply(image, seed));
  }

  /** OpenAI's eval transform: resize the shorter side to {@code size}, center crop. */
  static ImageTransform eval(int size) {
    return new EvalTransform(size, ResizeMode.SHORTEST);
  }
}
