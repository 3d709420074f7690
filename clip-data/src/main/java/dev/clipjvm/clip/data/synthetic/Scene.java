package dev.clipjvm.clip.data.synthetic;

import java.util.List;

/**
 * A scene: one or two objects over a noisy, tinted background. Everything random about an image
 * is decided here, so rendering is a pure function of the scene and a noise seed.
 *
 * @param objects one or two objects; two objects share shape and colour or differ in both
 * @param background base background colour, three values 0-255
 * @param noise amplitude of the per-pixel uniform noise, 0-255 units
 * @param noiseSeed seed of the per-pixel noise
 * @param style how objects are drawn
 */
public record Scene(List<SceneObject> objects, int[] background, int noise, long noiseSeed,
    Style style) {

  /** How objects are drawn. */
  public enum Style {
    /** Filled with the object's colour inside a dark outline (the training images). */
    OUTLINED,
    /** Filled with the object's colour, no outline. */
    FILLED,
    /** Only the outline, in the object's colour. */
    HOLLOW
  }

  /** A scene in the training images' style. */
  public Scene(List<SceneObject> objects, int[] background, int noise, long noiseSeed) {
    this(objects, background, noise, noiseSeed, Style.OUTLINED);
  }

  /** Validates and copies. */
  public Scene {
    objects = List.copyOf(objects);
    if (objects.isEmpty() || objects.size() > 2) {
      throw new IllegalArgumentException("a scene holds one or two objects, not " + objects.size());
    }
    if (background == null || background.length != 3) {
      throw new IllegalArgumentException("background must hold three channel values");
    }
    if (noise < 0) {
      throw new IllegalArgumentException("noise " + noise + " is negative");
    }
    if (style == null) {
      throw new IllegalArgumentException("style is missing");
    }
    background = background.clone();
  }

  /** The background colour (a copy). */
  @Override
  public int[] background() {
    return background.clone();
  }

  /** Whether both objects are the same (shape, colour), captioned as "two ...". */
  public boolean isPair() {
    return objects.size() == 2 && objects.get(0).combo().equals(objects.get(1).combo());
  }
}
