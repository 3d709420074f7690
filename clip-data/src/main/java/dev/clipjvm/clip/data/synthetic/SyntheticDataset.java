package dev.clipjvm.clip.data.synthetic;

import dev.clipjvm.clip.api.data.SyntheticShift;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The procedural captioned-image dataset. Random access and unbounded: {@link #sample} of a split
 * and index is a pure function of the spec, so any position of a training run can be replayed
 * and different workers can draw disjoint indices.
 */
public final class SyntheticDataset {
  /** Per-pixel noise amplitude of {@link SyntheticShift#NOISE}, in 0-255 units. */
  static final int NOISE_AMPLITUDE = 80;

  private final SyntheticSpec spec;
  private final List<Combo> seen;

  /** A dataset with the given settings. */
  public SyntheticDataset(SyntheticSpec spec) {
    this.spec = spec;
    this.seen = spec.seen();
  }

  /** The settings. */
  public SyntheticSpec spec() {
    return spec;
  }

  /** Sample {@code index} of {@code split}: scene, pixels and caption. */
  public SyntheticImage sample(Split split, long index) {
    SplittableRandom random = random(split, index);
    Scene scene = scene(split, random);
    String caption = Captions.caption(scene, random);
    return new SyntheticImage(
        index, spec.imageSize(), SceneRenderer.render(scene, spec.imageSize()), caption, scene);
  }

  /**
   * The scene and caption of sample {@code index} of {@code split} without its pixels, for
   * rendering on another canvas ({@link SceneRenderer#render(Scene, int, int)}).
   */
  public Drawn draw(Split split, long index) {
    SplittableRandom random = random(split, index);
    Scene scene = scene(split, random);
    return new Drawn(scene, Captions.caption(scene, random));
  }

  /**
   * A sample before rendering.
   *
   * @param scene what the image shows (its labels)
   * @param caption the natural-language caption
   */
  public record Drawn(Scene scene, String caption) {
    /** The first object, the label for single-object zero-shot tasks. */
    public SceneObject subject() {
      return scene.objects().get(0);
    }
  }

  /**
   * The caption of sample {@code index} of {@code split} without rendering its pixels (equal to
   * {@code sample(split, index).caption()}); for learning a vocabulary quickly.
   */
  public String caption(Split split, long index) {
    SplittableRandom random = random(split, index);
    return Captions.caption(scene(split, random), random);
  }

  private SplittableRandom random(Split split, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("sample index " + index + " is negative");
    }
    return new SplittableRandom(mix(mix(spec.seed() ^ split.salt()) + index));
  }

  private Scene scene(Split split, SplittableRandom random) {
    List<Combo> pool = split == Split.HELD_OUT_COMBOS ? spec.heldOut() : seen;
    if (pool.isEmpty()) {
      throw new IllegalStateException("split " + split + " has no combinations to draw from");
    }
    Combo first = pool.get(random.nextInt(pool.size()));
    boolean two = split == Split.TRAIN && random.nextDouble() < spec.twoObjectFraction();
    List<SceneObject> objects;
    if (!two) {
      Position pos = Position.values()[random.nextInt(Position.values().length)];
      objects = List.of(object(first, pos, 1.0, random));
    } else {
      Combo second = first;
      if (random.nextBoolean()) {
        while (second.equals(first)) {
          second = pool.get(random.nextInt(pool.size()));
        }
      }
      boolean horizontal = random.nextBoolean();
      // Two objects are drawn at 75% size so they do not overlap.
      objects = List.of(
          object(first, horizontal ? Position.LEFT : Position.TOP, 0.75, random),
          object(second, horizontal ? Position.RIGHT : Position.BOTTOM, 0.75, random));
    }
    int gray = random.nextInt(40, 216);
    int[] background = new int[3];
    for (int c = 0; c < 3; c++) {
      background[c] = Math.max(0, Math.min(255, gray + random.nextInt(-25, 26)));
    }
    return shifted(new Scene(objects, background, random.nextInt(4, 29), random.nextLong()));
  }

  /**
   * The scene drawn under the spec's shift. Its own randomness (a background hue) comes from the
   * scene's noise seed, so the sample stream, the objects and the captions are those of the
   * unshifted data.
   */
  private Scene shifted(Scene s) {
    return switch (spec.shift()) {
      case NONE -> s;
      case COLORED_BACKGROUND -> {
        double hue = new SplittableRandom(mix(s.noiseSeed())).nextDouble();
        yield new Scene(s.objects(), hsv(hue, 0.8, 0.75), s.noise(), s.noiseSeed());
      }
      case OUTLINE -> new Scene(s.objects(), s.background(), s.noise(), s.noiseSeed(),
          Scene.Style.HOLLOW);
      case FILLED -> new Scene(s.objects(), s.background(), s.noise(), s.noiseSeed(),
          Scene.Style.FILLED);
      case PASTEL -> new Scene(s.objects().stream().map(o -> {
        int[] rgb = o.rgb();
        for (int c = 0; c < 3; c++) {
          rgb[c] = (rgb[c] + 255 + 1) / 2;
        }
        return new SceneObject(o.shape(), o.color(), o.size(), o.position(), o.x(), o.y(),
            o.radius(), rgb);
      }).toList(), s.background(), s.noise(), s.noiseSeed());
      case NOISE -> new Scene(s.objects(), s.background(), NOISE_AMPLITUDE, s.noiseSeed());
    };
  }

  /** RGB bytes of a hue in [0, 1) at the given saturation and value. */
  private static int[] hsv(double hue, double saturation, double value) {
    double h = hue * 6;
    int sector = (int) h % 6;
    double f = h - Math.floor(h);
    double p = value * (1 - saturation);
    double q = value * (1 - saturation * f);
    double t = value * (1 - saturation * (1 - f));
    double[] rgb = switch (sector) {
      case 0 -> new double[] {value, t, p};
      case 1 -> new double[] {q, value, p};
      case 2 -> new double[] {p, value, t};
      case 3 -> new double[] {p, q, value};
      case 4 -> new double[] {t, p, value};
      default -> new double[] {value, p, q};
    };
    return new int[] {(int) Math.round(255 * rgb[0]), (int) Math.round(255 * rgb[1]),
        (int) Math.round(255 * rgb[2])};
  }

  private static SceneObject object(
      Combo combo, Position pos, double scale, SplittableRandom random) {
    Size size = Size.values()[random.nextInt(Size.values().length)];
    double radius = scale * (size.minRadius()
        + random.nextDouble() * (size.maxRadius() - size.minRadius()));
    double x = clamp(pos.x() + random.nextDouble(-0.05, 0.05), radius);
    double y = clamp(pos.y() + random.nextDouble(-0.05, 0.05), radius);
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = Math.max(0, Math.min(255, combo.color().channel(c) + random.nextInt(-18, 19)));
    }
    return new SceneObject(combo.shape(), combo.color(), size, pos, x, y, radius, rgb);
  }

  private static double clamp(double centre, double radius) {
    return Math.max(radius + 0.01, Math.min(1 - radius - 0.01, centre));
  }

  /** The MurmurHash3 64-bit finalizer: decorrelates nearby seeds and indices. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
