package dev.clipjvm.clip.data.synthetic;

import dev.clipjvm.clip.api.data.SyntheticShift;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Settings of a synthetic dataset.
 *
 * @param seed seed of every stream; sample {@code i} depends only on (seed, split, i)
 * @param imageSize side of the rendered square images in pixels
 * @param twoObjectFraction share of training scenes with two objects
 * @param heldOut (shape, colour) combinations that never appear in training
 * @param shift how scenes are drawn ({@link SyntheticShift#NONE}: as in training); a shift keeps
 *     every scene's objects, labels and caption and changes only its appearance
 */
public record SyntheticSpec(long seed, int imageSize, double twoObjectFraction, List<Combo> heldOut,
    SyntheticShift shift) {

  /** The default held-out combinations: one per shape, each with a different colour. */
  public static final List<Combo> DEFAULT_HELD_OUT = List.of(
      new Combo(Shape.CIRCLE, Color.GREEN),
      new Combo(Shape.SQUARE, Color.PURPLE),
      new Combo(Shape.TRIANGLE, Color.BLUE),
      new Combo(Shape.DIAMOND, Color.RED),
      new Combo(Shape.CROSS, Color.YELLOW));

  /** Validates every field and reports all problems at once. */
  public SyntheticSpec {
    heldOut = List.copyOf(heldOut);
    List<String> problems = new ArrayList<>();
    if (shift == null) {
      problems.add("shift: is missing");
    }
    if (imageSize < 8) {
      problems.add("image_size: " + imageSize + " is below 8 pixels");
    }
    if (!(twoObjectFraction >= 0 && twoObjectFraction <= 1)) {
      problems.add("two_object_fraction: " + twoObjectFraction + " is not in [0, 1]");
    }
    for (Shape s : Shape.values()) {
      if (heldOut.stream().filter(c -> c.shape() == s).count() >= Color.values().length) {
        problems.add("held_out: every colour of " + s.word() + " is held out");
      }
    }
    if (heldOut.stream().distinct().count() != heldOut.size()) {
      problems.add("held_out: lists a combination twice");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Unshifted settings. */
  public SyntheticSpec(long seed, int imageSize, double twoObjectFraction, List<Combo> heldOut) {
    this(seed, imageSize, twoObjectFraction, heldOut, SyntheticShift.NONE);
  }

  /** Default settings at the given seed and image size: 20% two-object scenes. */
  public static SyntheticSpec of(long seed, int imageSize) {
    return new SyntheticSpec(seed, imageSize, 0.2, DEFAULT_HELD_OUT);
  }

  /** The combinations training shows. */
  public List<Combo> seen() {
    List<Combo> out = new ArrayList<>();
    for (Shape s : EnumSet.allOf(Shape.class)) {
      for (Color c : EnumSet.allOf(Color.class)) {
        Combo combo = new Combo(s, c);
        if (!heldOut.contains(combo)) {
          out.add(combo);
        }
      }
    }
    return List.copyOf(out);
  }

  public SyntheticSpec withSeed(long v) {
    return new SyntheticSpec(v, imageSize, twoObjectFraction, heldOut, shift);
  }

  public SyntheticSpec withImageSize(int v) {
    return new SyntheticSpec(seed, v, twoObjectFraction, heldOut, shift);
  }

  public SyntheticSpec withShift(SyntheticShift v) {
    return new SyntheticSpec(seed, imageSize, twoObjectFraction, heldOut, v);
  }
}
