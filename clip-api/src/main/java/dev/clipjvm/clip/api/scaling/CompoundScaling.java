package dev.clipjvm.clip.api.scaling;

import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VisionConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * EfficientNet-style compound scaling (Tan and Le 2019) as the CLIP paper applies it (section
 * 2.4): for a compute multiple {@code K}, {@code phi = ln K / ln(alpha * beta^2 * gamma^2)} and
 * the image encoder's depth, width and resolution grow by {@code alpha^phi}, {@code beta^phi}
 * and {@code gamma^phi}. {@link #PAPER} allocates the extra compute equally to the three axes,
 * as the paper does for its ResNets; {@link #EFFICIENTNET} uses Tan and Le's tuned ratios. Sizes are then rounded to valid values (see {@code SizeGrid}) and the
 * nearby valid sizes are searched for the one whose image-encoder MACs come closest to {@code K}
 * times the base's, preferring sizes close to the ideal factors. The text encoder scales in
 * width only, by the image encoder's achieved width ratio, in whole heads of the base's head
 * width; its depth, context and vocabulary and the joint embedding width stay as in the base.
 *
 * @param alpha depth coefficient, above 1 (EfficientNet: 1.2)
 * @param beta width coefficient, above 1 (EfficientNet: 1.1)
 * @param gamma resolution coefficient, above 1 (EfficientNet: 1.15)
 */
public record CompoundScaling(double alpha, double beta, double gamma) {

  /**
   * The paper's "simple baseline of allocating additional compute equally to increasing the
   * width, depth, and resolution" (section 2.4): each axis contributes {@code K^(1/3)} of a
   * compute multiple {@code K}, so depth grows by {@code K^(1/3)} and width and resolution by
   * {@code K^(1/6)} ({@code alpha = 2^(1/3)}, {@code beta = gamma = 2^(1/6)}).
   */
  public static final CompoundScaling PAPER =
      new CompoundScaling(Math.cbrt(2), Math.pow(2, 1 / 6.0), Math.pow(2, 1 / 6.0));

  /** EfficientNet's grid-searched coefficients; {@code alpha * beta^2 * gamma^2} is about 2. */
  public static final CompoundScaling EFFICIENTNET = new CompoundScaling(1.2, 1.1, 1.15);

  /** Weight of the distance from the ideal factors against the MAC error in the search. */
  private static final double SHAPE_WEIGHT = 0.25;

  /** Validates the coefficients. */
  public CompoundScaling {
    new Problems()
        .check(alpha > 1, "alpha", alpha + " must exceed 1")
        .check(beta > 1, "beta", beta + " must exceed 1")
        .check(gamma > 1, "gamma", gamma + " must exceed 1")
        .throwIfAny();
  }

  /** The ideal factors for a compute multiple {@code compute}. */
  public ScalingFactors factors(double compute) {
    return factors(compute, Map.of());
  }

  /**
   * The ideal factors for {@code compute} when the axes in {@code fixed} are given: the other
   * axes share what is left of the compute budget in the coefficients' proportions.
   */
  public ScalingFactors factors(double compute, Map<Axis, Double> fixed) {
    new Problems().positive("compute", compute)
        .check(fixed.size() < 3, "compute", "every axis is fixed; nothing is left to scale")
        .throwIfAny();
    double budget = Math.log(compute);
    double perPhi = 0;
    ScalingFactors out = ScalingFactors.IDENTITY;
    for (Axis axis : Axis.values()) {
      double power = axis == Axis.DEPTH ? 1 : 2;
      if (fixed.containsKey(axis)) {
        out = out.with(axis, fixed.get(axis));
        budget -= power * Math.log(fixed.get(axis));
      } else {
        perPhi += power * Math.log(coefficient(axis));
      }
    }
    double phi = budget / perPhi;
    for (Axis axis : Axis.values()) {
      if (!fixed.containsKey(axis)) {
        out = out.with(axis, Math.pow(coefficient(axis), phi));
      }
    }
    return out;
  }

  private double coefficient(Axis axis) {
    return switch (axis) {
      case DEPTH -> alpha;
      case WIDTH -> beta;
      case RESOLUTION -> gamma;
    };
  }

  /** Scales {@code base} to about {@code compute} times its image-encoder MACs. */
  public ScaledModel scale(ClipConfig base, double compute) {
    return scale(base, compute, Map.of());
  }

  /**
   * Scales {@code base} to about {@code compute} times its image-encoder MACs, with the axes in
   * {@code fixed} set to the given factors (rounded) and the others searched.
   */
  public ScaledModel scale(ClipConfig base, double compute, Map<Axis, Double> fixed) {
    ScalingFactors ideal = factors(compute, fixed);
    return search(base, ideal, compute, fixed, true);
  }

  /** Applies the given factors to {@code base}, only rounding to the nearest valid sizes. */
  public static ScaledModel apply(ClipConfig base, ScalingFactors factors) {
    Map<Axis, Double> all = new EnumMap<>(Axis.class);
    for (Axis axis : Axis.values()) {
      all.put(axis, factors.get(axis));
    }
    return search(base, factors, factors.compute(), all, false);
  }

  private static ScaledModel search(ClipConfig base, ScalingFactors ideal, double compute,
      Map<Axis, Double> fixed, boolean searchFree) {
    VisionConfig v = base.vision();
    double baseMacs = CostEstimate.imageMacs(v, base.embedDim());
    List<Integer> widths = SizeGrid.multiples("width", SizeGrid.width(v), ideal.width(),
        SizeGrid.widthQuantum(v), SizeGrid.widthLimit(v),
        searchFree && !fixed.containsKey(Axis.WIDTH));
    List<List<Integer>> depths = SizeGrid.depths(v, ideal.depth(),
        searchFree && !fixed.containsKey(Axis.DEPTH));
    List<Integer> sizes = SizeGrid.multiples("resolution", v.imageSize(), ideal.resolution(),
        SizeGrid.resolutionQuantum(v), Limits.MAX_IMAGE_SIZE,
        searchFree && !fixed.containsKey(Axis.RESOLUTION));
    VisionConfig best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int w : widths) {
      for (List<Integer> d : depths) {
        for (int r : sizes) {
          VisionConfig c = SizeGrid.resize(v, w, d, r);
          double macs = CostEstimate.imageMacs(c, base.embedDim());
          double score = Math.abs(Math.log(macs / (compute * baseMacs)))
              + SHAPE_WEIGHT * shapeDistance(actual(v, c), ideal);
          if (score < bestScore) {
            bestScore = score;
            best = c;
          }
        }
      }
    }
    ScalingFactors actual = actual(v, best);
    ClipConfig scaled = base.withVision(best).withText(text(base.text(), actual.width()));
    return new ScaledModel(scaled, ideal, actual, compute,
        CostEstimate.imageMacs(best, base.embedDim()) / baseMacs);
  }

  private static ScalingFactors actual(VisionConfig base, VisionConfig scaled) {
    return new ScalingFactors(
        SizeGrid.width(scaled) / (double) SizeGrid.width(base),
        SizeGrid.blocks(scaled) / (double) SizeGrid.blocks(base),
        scaled.imageSize() / (double) base.imageSize());
  }

  private static double shapeDistance(ScalingFactors a, ScalingFactors b) {
    return Math.abs(Math.log(a.width() / b.width()))
        + Math.abs(Math.log(a.depth() / b.depth()))
        + Math.abs(Math.log(a.resolution() / b.resolution()));
  }

  private static TextConfig text(TextConfig base, double widthRatio) {
    int headWidth = base.headWidth();
    int heads = (int) Math.max(1, Math.round(base.heads() * widthRatio));
    return new TextConfig(
        base.contextLength(), base.vocabSize(), heads * headWidth, heads, base.layers());
  }
}
