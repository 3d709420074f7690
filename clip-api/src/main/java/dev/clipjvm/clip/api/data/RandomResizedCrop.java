package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;

/**
 * A random crop of a random fraction of the area and aspect ratio, resized to the image size
 * (torchvision's {@code RandomResizedCrop}; open_clip trains with scale {@code (0.9, 1.0)}).
 *
 * @param scaleMin smallest fraction of the image area, in (0, 1]
 * @param scaleMax largest fraction of the image area, in [scaleMin, 1]
 * @param ratioMin smallest width/height ratio, positive
 * @param ratioMax largest width/height ratio, at least ratioMin
 */
public record RandomResizedCrop(double scaleMin, double scaleMax, double ratioMin,
    double ratioMax) implements Augmentation {

  /** Validates every field and reports all problems at once. */
  public RandomResizedCrop {
    new Problems()
        .check(scaleMin > 0 && scaleMin <= 1, "scale[0]", scaleMin + " is not in (0, 1]")
        .check(scaleMax >= scaleMin && scaleMax <= 1, "scale[1]",
            scaleMax + " is not in [" + scaleMin + ", 1]")
        .positive("ratio[0]", ratioMin)
        .check(ratioMax >= ratioMin && Double.isFinite(ratioMax), "ratio[1]",
            ratioMax + " is smaller than ratio[0] " + ratioMin)
        .throwIfAny();
  }

  @Override
  public String type() {
    return "random_resized_crop";
  }

  public RandomResizedCrop withScale(double min, double max) {
    return new RandomResizedCrop(min, max, ratioMin, ratioMax);
  }

  public RandomResizedCrop withRatio(double min, double max) {
    return new RandomResizedCrop(scaleMin, scaleMax, min, max);
  }
}
