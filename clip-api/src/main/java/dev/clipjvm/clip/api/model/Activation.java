package dev.clipjvm.clip.api.model;

/** The MLP nonlinearity of the Transformers. */
public enum Activation {
  /** {@code x * sigmoid(1.702 x)}: OpenAI's released models (open_clip {@code quick_gelu: true}). */
  QUICK_GELU,
  /** The exact erf-based GELU: open_clip's default for models trained from scratch. */
  GELU
}
