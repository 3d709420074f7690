package dev.clipjvm.clip.api.scaling;

import dev.clipjvm.clip.api.model.ClipConfig;

/**
 * The outcome of scaling a base model.
 *
 * @param config the scaled, valid model
 * @param ideal the unrounded factors asked for (EfficientNet's coefficients, or as given)
 * @param actual the factors after rounding to valid sizes: width and resolution ratios, and the
 *     ratio of total blocks
 * @param targetCompute the image-encoder MAC multiple asked for
 * @param achievedCompute the scaled image encoder's MACs divided by the base's
 */
public record ScaledModel(
    ClipConfig config,
    ScalingFactors ideal,
    ScalingFactors actual,
    double targetCompute,
    double achievedCompute) {}
