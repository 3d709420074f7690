package dev.clipjvm.clip.api.model;

import java.util.List;

/**
 * OpenAI's ModifiedResNet image encoder (paper section 2.4): a 3-convolution stem with an
 * average pool, four stages of bottleneck blocks whose strided blocks average-pool before the
 * convolution (anti-aliasing), and attention pooling instead of global average pooling.
 *
 * @param layers bottleneck blocks in each of the four stages (RN50: 3, 4, 6, 3)
 * @param width stem width; stage {@code i} has {@code width * 2^i} channels inside its
 *     bottlenecks and 4 times that at its output, so the encoder ends at {@code 32 * width}
 * @param headWidth width of an attention-pool head (OpenAI: 64)
 * @param imageSize input resolution, a multiple of 32
 */
public record ResNetConfig(List<Integer> layers, int width, int headWidth, int imageSize)
    implements VisionConfig {

  /** Validates every field and reports all problems at once. */
  public ResNetConfig {
    layers = List.copyOf(layers);
    Problems p = new Problems()
        .check(layers.size() == 4, "layers", layers + " must list exactly 4 stage depths")
        .positive("width", width)
        .positive("head_width", headWidth)
        .positive("image_size", imageSize)
        .atMost("width", width, Limits.MAX_RESNET_WIDTH)
        .atMost("image_size", imageSize, Limits.MAX_IMAGE_SIZE);
    for (int i = 0; i < layers.size(); i++) {
      p.positive("layers[" + i + "]", layers.get(i))
          .atMost("layers[" + i + "]", layers.get(i), Limits.MAX_LAYERS);
    }
    if (imageSize > 0) {
      p.check(imageSize % 32 == 0, "image_size",
          imageSize + " is not divisible by 32 (the ResNet's total stride)");
    }
    if (width > 0 && headWidth > 0) {
      p.check((width * 32) % headWidth == 0, "width",
          "output width " + width * 32 + " (32 * width) is not divisible by head_width "
              + headWidth);
    }
    p.throwIfAny();
  }

  @Override
  public int outputWidth() {
    return width * 32;
  }

  /** Side of the feature map that the attention pool sees. */
  public int gridSize() {
    return imageSize / 32;
  }

  public ResNetConfig withLayers(List<Integer> v) {
    return new ResNetConfig(v, width, headWidth, imageSize);
  }

  public ResNetConfig withWidth(int v) {
    return new ResNetConfig(layers, v, headWidth, imageSize);
  }

  public ResNetConfig withHeadWidth(int v) {
    return new ResNetConfig(layers, width, v, imageSize);
  }

  public ResNetConfig withImageSize(int v) {
    return new ResNetConfig(layers, width, headWidth, v);
  }
}
