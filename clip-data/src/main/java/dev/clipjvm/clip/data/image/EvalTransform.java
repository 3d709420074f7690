package dev.clipjvm.clip.data.image;

import java.util.Objects;

/**
 * The deterministic transform used for evaluation and inference, reproducing torchvision 0.14 and
 * open_clip arithmetic: for {@link ResizeMode#SHORTEST} the long side becomes
 * {@code int(size * long / short)} (truncated) and the crop offsets {@code round((h - size) / 2)}
 * with halves to even; {@link ResizeMode#LONGEST} rounds {@code side / ratio} half to even and pads
 * {@code (size - side) // 2} before.
 *
 * @param size output side, positive
 * @param mode how the image is fitted to the square
 */
public record EvalTransform(int size, ResizeMode mode) implements ImageTransform {

  /** Validates the size. */
  public EvalTransform {
    Objects.requireNonNull(mode, "mode");
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
  }

  @Override
  public Pixels apply(Pixels image, long seed) {
    return switch (mode) {
      case SHORTEST -> shortest(image, size);
      case SQUASH -> BicubicResampler.resize(image, size, size).toRgb();
      case LONGEST -> longest(image);
    };
  }

  @Override
  public RgbPlanes planes(Pixels image, long seed) {
    if (mode != ResizeMode.SHORTEST) {
      return ImageTransform.super.planes(image, seed);
    }
    int[] wh = shortestSize(image.width(), image.height(), size);
    return BicubicResampler.resizePlanes(image, wh[0], wh[1], centre(wh, size));
  }

  /**
   * The size torchvision gives an image whose shorter side is resized to {@code size}:
   * {@code {width, height}}, the longer side {@code int(size * long / short)}.
   */
  static int[] shortestSize(int w, int h, int size) {
    return w <= h
        ? new int[] {size, (int) ((double) ((long) size * h) / w)}
        : new int[] {(int) ((double) ((long) size * w) / h), size};
  }

  private static Pixels shortest(Pixels image, int size) {
    int[] wh = shortestSize(image.width(), image.height(), size);
    return BicubicResampler.resize(image, wh[0], wh[1], centre(wh, size)).toRgb();
  }

  /** The centred {@code size x size} crop of a {@code wh[0] x wh[1]} image. */
  private static Window centre(int[] wh, int size) {
    int left = (int) Math.rint((wh[0] - size) / 2.0);
    int top = (int) Math.rint((wh[1] - size) / 2.0);
    return new Window(left, top, size, size);
  }

  private Pixels longest(Pixels image) {
    double ratio = Math.max((double) image.height() / size, (double) image.width() / size);
    int newH = Math.max(1, (int) Math.rint(image.height() / ratio));
    int newW = Math.max(1, (int) Math.rint(image.width() / ratio));
    Pixels resized = BicubicResampler.resize(image, newW, newH);
    int padLeft = size > newW ? (size - newW) / 2 : -(int) Math.rint((newW - size) / 2.0);
    int padTop = size > newH ? (size - newH) / 2 : -(int) Math.rint((newH - size) / 2.0);
    return resized.place(size, size, padLeft, padTop).toRgb();
  }
}
