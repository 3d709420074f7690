package dev.clipjvm.clip.data.image;

import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomResizedCrop} as open_clip trains with it: a crop covering a random
 * fraction of the area in {@code [minScale, maxScale]} with a log-uniform aspect ratio in
 * {@code [minRatio, maxRatio]} (10 attempts, then a central crop), resized to {@code size} with
 * Pillow-compatible bicubic resampling.
 *
 * @param size output side, positive
 * @param minScale smallest area fraction, in (0, maxScale]
 * @param maxScale largest area fraction, at most 1
 * @param minRatio smallest width / height, positive
 * @param maxRatio largest width / height, at least {@code minRatio}
 */
public record RandomResizedCrop(int size, double minScale, double maxScale, double minRatio,
    double maxRatio) implements ImageTransform {

  /** Validates the ranges. */
  public RandomResizedCrop {
    if (size <= 0 || !(minScale > 0) || minScale > maxScale || maxScale > 1 || !(minRatio > 0)
        || minRatio > maxRatio) {
      throw new IllegalArgumentException("invalid random resized crop: size " + size + ", scale ("
          + minScale + ", " + maxScale + "), ratio (" + minRatio + ", " + maxRatio + ")");
    }
  }

  /** open_clip's defaults: scale (0.9, 1.0), ratio (3/4, 4/3). */
  public static RandomResizedCrop openClip(int size) {
    return new RandomResizedCrop(size, 0.9, 1.0, 3.0 / 4.0, 4.0 / 3.0);
  }

  @Override
  public Pixels apply(Pixels image, long seed) {
    return BicubicResampler.resize(region(image, seed), size, size).toRgb();
  }

  @Override
  public RgbPlanes planes(Pixels image, long seed) {
    return BicubicResampler.resizePlanes(region(image, seed), size, size, Window.of(size, size));
  }

  private Pixels region(Pixels image, long seed) {
    Window crop = window(image.width(), image.height(), new SplittableRandom(seed));
    return image.crop(crop.x(), crop.y(), crop.width(), crop.height());
  }

  /** The crop rectangle drawn for a {@code width x height} image. */
  public Window window(int width, int height, SplittableRandom random) {
    double area = (double) width * height;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * uniform(random, minScale, maxScale);
      double aspect = Math.exp(uniform(random, logMin, logMax));
      int w = (int) Math.rint(Math.sqrt(target * aspect));
      int h = (int) Math.rint(Math.sqrt(target / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        int top = random.nextInt(height - h + 1);
        int left = random.nextInt(width - w + 1);
        return new Window(left, top, w, h);
      }
    }
    double inRatio = (double) width / height;
    int w = width;
    int h = height;
    if (inRatio < minRatio) {
      h = Math.max(1, (int) Math.rint(w / minRatio));
    } else if (inRatio > maxRatio) {
      w = Math.max(1, (int) Math.rint(h * maxRatio));
    }
    return new Window((width - w) / 2, (height - h) / 2, w, h);
  }

  private static double uniform(SplittableRandom random, double lo, double hi) {
    return lo == hi ? lo : lo + (hi - lo) * random.nextDouble();
  }
}
