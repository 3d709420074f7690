package dev.clipjvm.clip.data.image;

/** How the eval transform fits an image into a square (open_clip's {@code resize_mode}). */
public enum ResizeMode {
  /** Resize the shorter side to the size and crop the center (OpenAI's transform). */
  SHORTEST,
  /** Resize the longer side to the size and pad the rest with black, centered. */
  LONGEST,
  /** Resize both sides to the size, ignoring the aspect ratio. */
  SQUASH
}
