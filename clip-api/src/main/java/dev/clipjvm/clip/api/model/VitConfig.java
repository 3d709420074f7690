package dev.clipjvm.clip.api.model;

/**
 * A Vision Transformer image encoder (paper section 2.4): patch embedding by a strided
 * convolution without bias, a class token, learned positional embeddings, a LayerNorm before
 * the Transformer ({@code ln_pre}), pre-LayerNorm residual blocks, {@code ln_post} on the class
 * token, then a projection without bias.
 *
 * @param imageSize input resolution, a multiple of {@code patchSize}
 * @param patchSize side of a square patch
 * @param width residual stream width, a multiple of {@code headWidth}
 * @param layers number of residual blocks
 * @param headWidth width of one attention head (OpenAI: 64)
 * @param mlpRatio hidden width of the MLP as a multiple of {@code width} (OpenAI: 4)
 */
public record VitConfig(
    int imageSize, int patchSize, int width, int layers, int headWidth, double mlpRatio)
    implements VisionConfig {

  /** Validates every field and reports all problems at once. */
  public VitConfig {
    Problems p = new Problems()
        .positive("image_size", imageSize)
        .positive("patch_size", patchSize)
        .positive("width", width)
        .positive("layers", layers)
        .positive("head_width", headWidth)
        .positive("mlp_ratio", mlpRatio)
        .atMost("image_size", imageSize, Limits.MAX_IMAGE_SIZE)
        .atMost("width", width, Limits.MAX_WIDTH)
        .atMost("layers", layers, Limits.MAX_LAYERS)
        .atMost("mlp_ratio", mlpRatio, Limits.MAX_MLP_RATIO);
    if (imageSize > 0 && patchSize > 0) {
      p.check(imageSize / patchSize <= Limits.MAX_GRID, "patch_size", "image_size / patch_size = "
          + imageSize / patchSize + " patches per side is above the limit of " + Limits.MAX_GRID);
    }
    if (imageSize > 0 && patchSize > 0) {
      p.check(imageSize % patchSize == 0, "image_size",
          imageSize + " is not divisible by patch_size " + patchSize);
    }
    if (width > 0 && headWidth > 0) {
      p.check(width % headWidth == 0, "width",
          width + " is not divisible by head_width " + headWidth);
    }
    if (width > 0 && mlpRatio > 0 && mlpRatio <= Limits.MAX_MLP_RATIO) {
      p.check(Math.abs(width * mlpRatio - Math.rint(width * mlpRatio)) < 1e-9, "mlp_ratio",
          "width * mlp_ratio = " + width * mlpRatio + " is not a whole number");
    }
    p.throwIfAny();
  }

  /** OpenAI's defaults: head width 64 and MLP ratio 4. */
  public static VitConfig of(int imageSize, int patchSize, int width, int layers) {
    return new VitConfig(imageSize, patchSize, width, layers, 64, 4.0);
  }

  @Override
  public int outputWidth() {
    return width;
  }

  /** Patches along one side of the image. */
  public int gridSize() {
    return imageSize / patchSize;
  }

  /** Hidden width of each MLP. */
  public int mlpWidth() {
    return Math.toIntExact(Math.round(width * mlpRatio)); // fits: see Limits
  }

  public VitConfig withImageSize(int v) {
    return new VitConfig(v, patchSize, width, layers, headWidth, mlpRatio);
  }

  public VitConfig withPatchSize(int v) {
    return new VitConfig(imageSize, v, width, layers, headWidth, mlpRatio);
  }

  public VitConfig withWidth(int v) {
    return new VitConfig(imageSize, patchSize, v, layers, headWidth, mlpRatio);
  }

  public VitConfig withLayers(int v) {
    return new VitConfig(imageSize, patchSize, width, v, headWidth, mlpRatio);
  }

  public VitConfig withHeadWidth(int v) {
    return new VitConfig(imageSize, patchSize, width, layers, v, mlpRatio);
  }

  public VitConfig withMlpRatio(double v) {
    return new VitConfig(imageSize, patchSize, width, layers, headWidth, v);
  }
}
