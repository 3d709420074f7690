package dev.clipjvm.clip.api.model;

/**
 * A CLIP model: an image tower and a text tower projected into one {@code embedDim}-wide joint
 * space; logits are cosine similarities scaled by {@code exp(logit_scale)}.
 *
 * @param embedDim width of the joint embedding space
 * @param vision the image encoder
 * @param text the text encoder
 * @param activation MLP nonlinearity of both Transformers
 * @param initLogitScale initial log temperature; the paper uses {@code ln(1/0.07)}
 * @param maxLogitScale the scale {@code exp(logit_scale)} is clamped to at most this (100)
 */
public record ClipConfig(
    int embedDim,
    VisionConfig vision,
    TextConfig text,
    Activation activation,
    double initLogitScale,
    double maxLogitScale) {

  /** Paper section 2.5: the temperature starts at 0.07. */
  public static final double DEFAULT_INIT_LOGIT_SCALE = Math.log(1 / 0.07);

  /** Paper section 2.5: logits are never scaled by more than 100. */
  public static final double DEFAULT_MAX_LOGIT_SCALE = 100.0;

  /** Validates every field and reports all problems at once. */
  public ClipConfig {
    Problems p = new Problems()
        .check(vision != null, "vision_cfg", "is missing")
        .check(text != null, "text_cfg", "is missing")
        .check(activation != null, "quick_gelu", "activation is missing")
        .positive("embed_dim", embedDim)
        .atMost("embed_dim", embedDim, Limits.MAX_WIDTH)
        .check(Double.isFinite(initLogitScale), "init_logit_scale",
            initLogitScale + " must be finite")
        .positive("max_logit_scale", maxLogitScale);
    if (Double.isFinite(initLogitScale) && maxLogitScale > 0) {
      p.check(Math.exp(initLogitScale) <= maxLogitScale + 1e-9, "init_logit_scale",
          "exp(" + initLogitScale + ") exceeds max_logit_scale " + maxLogitScale);
    }
    p.throwIfAny();
  }

  /** A model with the paper's temperature settings. */
  public static ClipConfig of(
      int embedDim, VisionConfig vision, TextConfig text, Activation activation) {
    return new ClipConfig(embedDim, vision, text, activation,
        DEFAULT_INIT_LOGIT_SCALE, DEFAULT_MAX_LOGIT_SCALE);
  }

  public ClipConfig withEmbedDim(int v) {
    return new ClipConfig(v, vision, text, activation, initLogitScale, maxLogitScale);
  }

  public ClipConfig withVision(VisionConfig v) {
    return new ClipConfig(embedDim, v, text, activation, initLogitScale, maxLogitScale);
  }

  public ClipConfig withText(TextConfig v) {
    return new ClipConfig(embedDim, vision, v, activation, initLogitScale, maxLogitScale);
  }

  public ClipConfig withActivation(Activation v) {
    return new ClipConfig(embedDim, vision, text, v, initLogitScale, maxLogitScale);
  }

  public ClipConfig withInitLogitScale(double v) {
    return new ClipConfig(embedDim, vision, text, activation, v, maxLogitScale);
  }

  public ClipConfig withMaxLogitScale(double v) {
    return new ClipConfig(embedDim, vision, text, activation, initLogitScale, v);
  }
}
