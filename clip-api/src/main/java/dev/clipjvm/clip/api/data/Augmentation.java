package dev.clipjvm.clip.api.data;

/**
 * How a decoded image becomes a square training or evaluation input of the pipeline's image
 * size. The paper uses only random square crops from resized images for training (section 2.5);
 * evaluation resizes the shorter side and takes the center crop.
 */
public sealed interface Augmentation permits CenterCrop, RandomResizedCrop, RandomSquareCrop {

  /** The JSON {@code type} of this variant. */
  String type();

  /** Evaluation preprocessing: resize the shorter side (bicubic), then center crop. */
  static CenterCrop centerCrop() {
    return new CenterCrop();
  }

  /** A random crop covering 90-100% of the area at aspect ratios 3/4..4/3 (open_clip's default). */
  static RandomResizedCrop randomResizedCrop() {
    return new RandomResizedCrop(0.9, 1.0, 3.0 / 4.0, 4.0 / 3.0);
  }

  /** A random crop covering {@code scaleMin..scaleMax} of the area at aspect ratios 3/4..4/3. */
  static RandomResizedCrop randomResizedCrop(double scaleMin, double scaleMax) {
    return new RandomResizedCrop(scaleMin, scaleMax, 3.0 / 4.0, 4.0 / 3.0);
  }

  /** The paper's augmentation: a random square crop (side = shorter side), resized. */
  static RandomSquareCrop randomSquareCrop() {
    return new RandomSquareCrop();
  }
}
