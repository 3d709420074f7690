package dev.clipjvm.clip.api.scaling;

import dev.clipjvm.clip.api.model.Problems;

/**
 * Multipliers of an image encoder's width, depth and resolution relative to a base model.
 *
 * @param width multiplier of the width, positive
 * @param depth multiplier of the number of blocks, positive
 * @param resolution multiplier of the input side, positive
 */
public record ScalingFactors(double width, double depth, double resolution) {

  /** No change. */
  public static final ScalingFactors IDENTITY = new ScalingFactors(1, 1, 1);

  /** Validates every factor. */
  public ScalingFactors {
    new Problems()
        .positive("width", width)
        .positive("depth", depth)
        .positive("resolution", resolution)
        .throwIfAny();
  }

  /** The factor of {@code axis}. */
  public double get(Axis axis) {
    return switch (axis) {
      case WIDTH -> width;
      case DEPTH -> depth;
      case RESOLUTION -> resolution;
    };
  }

  /** These factors with {@code axis} set to {@code value}. */
  public ScalingFactors with(Axis axis, double value) {
    return new ScalingFactors(axis == Axis.WIDTH ? value : width,
        axis == Axis.DEPTH ? value : depth, axis == Axis.RESOLUTION ? value : resolution);
  }

  /**
   * The compute multiple these factors imply under EfficientNet's cost model: FLOPs grow
   * linearly with depth and quadratically with width and resolution.
   */
  public double compute() {
    return depth * width * width * resolution * resolution;
  }
}
