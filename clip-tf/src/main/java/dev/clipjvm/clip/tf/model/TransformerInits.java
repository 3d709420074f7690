package dev.clipjvm.clip.tf.model;

/**
 * Initializations of one Transformer's weights. The reference initializes the text Transformer
 * with scaled normals ({@code CLIP.initialize_parameters}) while the visual Transformer keeps
 * PyTorch's module defaults; both are reproduced here.
 *
 * @param inProj fused q/k/v weight
 * @param outProj attention output weight
 * @param fc first MLP weight
 * @param fcBias first MLP bias
 * @param proj second MLP weight
 * @param projBias second MLP bias
 */
public record TransformerInits(
    Init inProj, Init outProj, Init fc, Init fcBias, Init proj, Init projBias) {

  /** The reference text Transformer: normals with the stds of {@code initialize_parameters}. */
  public static TransformerInits clipText(int width, int layers, double mlpRatio) {
    double projStd = Math.pow(width, -0.5) * Math.pow(2.0 * layers, -0.5);
    double attnStd = Math.pow(width, -0.5);
    double fcStd = Math.pow(2.0 * width, -0.5);
    long hidden = Math.round(width * mlpRatio);
    return new TransformerInits(new Init.Normal(attnStd), new Init.Normal(projStd),
        new Init.Normal(fcStd), Init.fanIn(width), new Init.Normal(projStd), Init.fanIn(hidden));
  }

  /**
   * PyTorch defaults (the reference visual Transformer): Xavier-uniform fused q/k/v, default
   * Linear init elsewhere.
   */
  public static TransformerInits pytorchDefaults(int width, double mlpRatio) {
    long hidden = Math.round(width * mlpRatio);
    return new TransformerInits(new Init.Uniform(Math.sqrt(6.0 / (width + 3.0 * width))),
        Init.fanIn(width), Init.fanIn(width), Init.fanIn(width), Init.fanIn(hidden),
        Init.fanIn(hidden));
  }
}
