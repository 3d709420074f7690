package dev.clipjvm.clip.api.cost;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VisionConfig;
import dev.clipjvm.clip.api.model.VitConfig;

/**
 * Parameters and multiply-accumulates (MACs) of a CLIP model, computed from its configuration.
 *
 * <p>MAC convention: one MAC per multiply-add of a matrix product or convolution, counted for
 * one image or one text in inference. A product {@code [n, k] x [k, m]} costs {@code n*k*m}; a
 * convolution costs {@code outH * outW * outC * inC * kH * kW}. Attention counts both
 * {@code Q K^T} and {@code softmax * V} over the full token grid ({@code 2 * T * T * width} per
 * layer; the text tower's causal mask is not exploited). Not counted: biases, normalization,
 * activations, softmax, pooling, residual additions and embedding lookups. The text tower runs
 * all {@code context_length} positions (padding included) and projects one token (end of text);
 * the ViT projects its class token; the ModifiedResNet's attention pool queries with one token
 * (the spatial mean) against the {@code grid^2 + 1} keys and values. Under this convention
 * ViT-B/32 costs 4.41 GMAC per image and 2.98 GMAC per 77-token text.
 *
 * @param params trainable parameters (buffers excluded)
 * @param imageParams trainable parameters of the image tower
 * @param textParams the other trainable parameters: text tower and logit scale
 * @param imageMacs MACs to encode one image
 * @param textMacs MACs to encode one text of {@code context_length} tokens
 */
public record CostEstimate(
    long params, long imageParams, long textParams, long imageMacs, long textMacs) {

  /** The estimate for {@code config}. */
  public static CostEstimate of(ClipConfig config) {
    ParameterManifest m = ParameterManifest.of(config);
    return new CostEstimate(m.count(), m.imageCount(), m.textCount(),
        imageMacs(config.vision(), config.embedDim()), textMacs(config.text(), config.embedDim()));
  }

  /** MACs to encode one image into the {@code embedDim}-wide joint space. */
  public static long imageMacs(VisionConfig vision, int embedDim) {
    if (vision instanceof VitConfig v) {
      long grid = v.gridSize();
      long patches = grid * grid * v.width() * 3L * v.patchSize() * v.patchSize();
      return patches + transformer(grid * grid + 1, v.width(), v.mlpWidth(), v.layers())
          + (long) v.width() * embedDim;
    }
    return resNet((ResNetConfig) vision, embedDim);
  }

  /** MACs to encode one text of {@code context_length} tokens into the joint space. */
  public static long textMacs(TextConfig text, int embedDim) {
    return transformer(text.contextLength(), text.width(), 4L * text.width(), text.layers())
        + (long) text.width() * embedDim;
  }

  private static long transformer(long tokens, long width, long mlp, int layers) {
    long projections = tokens * width * (3 * width + width + 2 * mlp);
    long attention = 2 * tokens * tokens * width;
    return layers * (projections + attention);
  }

  private static long resNet(ResNetConfig r, int embedDim) {
    long w = r.width();
    long side = r.imageSize() / 2; // the first stem convolution has stride 2
    long macs = conv(side, w / 2, 3, 3) + conv(side, w / 2, w / 2, 3) + conv(side, w, w / 2, 3);
    side /= 2; // stem average pool
    long inplanes = w;
    for (int stage = 0; stage < 4; stage++) {
      long planes = w << stage;
      for (int i = 0; i < r.layers().get(stage); i++) {
        boolean strided = stage > 0 && i == 0;
        long outSide = strided ? side / 2 : side; // the average pool follows conv2
        macs += conv(side, planes, inplanes, 1) + conv(side, planes, planes, 3)
            + conv(outSide, 4 * planes, planes, 1);
        if (strided || inplanes != 4 * planes) {
          macs += conv(outSide, 4 * planes, inplanes, 1); // shortcut pools before its conv
        }
        inplanes = 4 * planes;
        side = outSide;
      }
    }
    long c = 32 * w;
    long tokens = side * side + 1;
    return macs + c * c + 2 * tokens * c * c + 2 * tokens * c + c * embedDim;
  }

  private static long conv(long outSide, long cout, long cin, long k) {
    return outSide * outSide * cout * cin * k * k;
  }
}
