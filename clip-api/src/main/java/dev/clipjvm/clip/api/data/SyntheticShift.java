package dev.clipjvm.clip.api.data;

import java.util.Locale;

/**
 * A distribution shift of the built-in synthetic scenes, for measuring robustness (the paper's
 * Section 3.3): the same objects, labels and captions as the unshifted data, drawn differently.
 * Written in JSON as the lower-case name ({@code "shift": "outline"}).
 */
public enum SyntheticShift {
  /** The training distribution: grey backgrounds, filled objects with a dark outline. */
  NONE,
  /** Backgrounds of a saturated random hue instead of grey. */
  COLORED_BACKGROUND,
  /** Hollow objects: only their outline is drawn, in the object's colour. */
  OUTLINE,
  /** Filled objects without the dark outline. */
  FILLED,
  /** Another palette: every object colour mixed halfway towards white. */
  PASTEL,
  /** Strong per-pixel noise (amplitude 80 of 255 instead of 4 to 28). */
  NOISE;

  /** The JSON and command-line name, e.g. {@code colored_background}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
