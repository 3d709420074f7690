package dev.clipjvm.clip.data.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Natural captions for scenes, drawn from many templates. Most captions name both shape and
 * colour; a minority name only one of them ("a photo of a triangle", "a purple object"), the
 * way web captions are often partial, which is also what zero-shot prompts for one attribute
 * look like.
 */
public final class Captions {

  /**
   * Probability that a single-object caption names only the shape. Such captions can be matched
   * only by shape (and size and position), which is what makes the image tower learn shape: in
   * captions naming both, colour alone already separates most pairs of a batch.
   */
  static final double SHAPE_ONLY = 0.45;

  /** Probability that a single-object caption names only the colour. */
  static final double COLOR_ONLY = 0.1;

  private static final List<Function<SceneObject, String>> FULL = List.of(
      o -> a(o.size().word()) + " " + o.color().word() + " " + o.shape().word() + " "
          + o.position().phrase(),
      o -> a(o.color().word()) + " " + o.shape().word(),
      o -> "a photo of " + a(o.color().word()) + " " + o.shape().word(),
      o -> a(o.color().word()) + " " + o.shape().word() + " " + o.position().phrase(),
      o -> "a " + o.shape().word() + " that is " + o.color().word(),
      o -> "there is " + a(o.size().word()) + " " + o.color().word() + " " + o.shape().word()
          + " " + o.position().phrase(),
      o -> "a picture of " + a(o.size().word()) + " " + o.color().word() + " " + o.shape().word(),
      o -> "one " + o.color().word() + " " + o.shape().word(),
      o -> a(o.color().word()) + " " + o.shape().word() + " on a noisy background",
      o -> "an image of " + a(o.color().word()) + " " + o.shape().word(),
      o -> a(o.size().word()) + " " + o.shape().word() + ", colored " + o.color().word(),
      o -> "the " + o.shape().word() + " " + o.position().phrase() + " is " + o.color().word(),
      o -> o.color().word() + " " + o.shape().word(),
      o -> "a drawing of " + a(o.color().word()) + " " + o.shape().word());

  private static final List<Function<SceneObject, String>> SHAPE_ONLY_TEMPLATES = List.of(
      o -> a(o.shape().word()),
      o -> "a photo of " + a(o.shape().word()),
      o -> a(o.size().word()) + " " + o.shape().word() + " " + o.position().phrase(),
      o -> "a picture of " + a(o.shape().word()));

  private static final List<Function<SceneObject, String>> COLOR_ONLY_TEMPLATES = List.of(
      o -> a(o.color().word()) + " shape",
      o -> "something " + o.color().word(),
      o -> a(o.color().word()) + " object " + o.position().phrase(),
      o -> "a photo of " + a(o.color().word()) + " object");

  private static final List<Function<SceneObject, String>> PAIR = List.of(
      o -> "two " + o.color().word() + " " + o.shape().plural(),
      o -> "a pair of " + o.color().word() + " " + o.shape().plural(),
      o -> "two " + o.color().word() + " " + o.shape().plural() + " side by side",
      o -> "a photo of two " + o.color().word() + " " + o.shape().plural(),
      o -> "two " + o.shape().plural() + ", both " + o.color().word());

  private interface Two {
    String text(SceneObject first, SceneObject second);
  }

  private static final List<Two> DIFFERENT = List.of(
      (p, q) -> a(p.color().word()) + " " + p.shape().word() + " and " + a(q.color().word())
          + " " + q.shape().word(),
      (p, q) -> a(p.color().word()) + " " + p.shape().word() + " " + p.position().phrase()
          + " and " + a(q.color().word()) + " " + q.shape().word() + " " + q.position().phrase(),
      (p, q) -> a(q.color().word()) + " " + q.shape().word() + " next to " + a(p.color().word())
          + " " + p.shape().word(),
      (p, q) -> "two shapes: " + a(p.color().word()) + " " + p.shape().word() + " and "
          + a(q.color().word()) + " " + q.shape().word());

  private Captions() {}

  /** A caption for {@code scene}, the template chosen by {@code random}. */
  public static String caption(Scene scene, SplittableRandom random) {
    List<SceneObject> objects = scene.objects();
    SceneObject first = objects.get(0);
    if (objects.size() == 1) {
      double roll = random.nextDouble();
      if (roll < SHAPE_ONLY) {
        return pick(SHAPE_ONLY_TEMPLATES, random).apply(first);
      }
      if (roll < SHAPE_ONLY + COLOR_ONLY) {
        return pick(COLOR_ONLY_TEMPLATES, random).apply(first);
      }
      return pick(FULL, random).apply(first);
    }
    if (scene.isPair()) {
      return pick(PAIR, random).apply(first);
    }
    return pick(DIFFERENT, random).text(first, objects.get(1));
  }

  /** Number of distinct templates (single, partial, pair and two-object ones). */
  public static int templateCount() {
    return FULL.size() + SHAPE_ONLY_TEMPLATES.size() + COLOR_ONLY_TEMPLATES.size() + PAIR.size()
        + DIFFERENT.size();
  }

  /** The word with its indefinite article: {@code "an orange"}, {@code "a red"}. */
  static String a(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static <T> T pick(List<T> options, SplittableRandom random) {
    return options.get(random.nextInt(options.size()));
  }
}
