package dev.clipjvm.clip.data.synthetic;

import java.util.Objects;

/**
 * A rendered, captioned sample: {@code size x size} RGB pixels in HWC order (uint8 values stored
 * in bytes), the caption and the scene it shows (its labels).
 *
 * @param index position of the sample in its split's stream
 * @param size image side in pixels
 * @param pixels {@code size * size * 3} bytes, row-major, channels last, RGB
 * @param caption the natural-language caption
 * @param scene the scene the pixels show
 */
public record SyntheticImage(long index, int size, byte[] pixels, String caption, Scene scene) {

  /** Validates the pixel count. */
  public SyntheticImage {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(scene, "scene");
    if (pixels.length != size * size * 3) {
      throw new IllegalArgumentException(
          "pixels hold " + pixels.length + " bytes, expected " + size * size * 3);
    }
  }

  /** The first object, the label for single-object zero-shot tasks. */
  public SceneObject subject() {
    return scene.objects().get(0);
  }
}
