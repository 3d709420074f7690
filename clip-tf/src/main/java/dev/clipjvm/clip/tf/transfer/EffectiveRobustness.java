package dev.clipjvm.clip.tf.transfer;

import java.util.List;

/**
 * Effective robustness (Taori et al. 2020, used in the paper's Section 3.3): across baseline
 * models, accuracy under a distribution shift is close to a linear function of in-distribution
 * accuracy in logit space; a model's effective robustness is how far its shifted accuracy lies
 * above that line's prediction at its in-distribution accuracy.
 */
public final class EffectiveRobustness {
  /** Accuracies are clamped to [EPS, 1 - EPS] before the logit so 0 and 1 stay finite. */
  static final double EPS = 1e-4;

  private EffectiveRobustness() {}

  /** One model's accuracy in distribution and under one shift. */
  public record Point(double inDistribution, double shifted) {
    /** Checks both are accuracies. */
    public Point {
      if (!(inDistribution >= 0 && inDistribution <= 1 && shifted >= 0 && shifted <= 1)) {
        throw new IllegalArgumentException("accuracies must be in [0, 1], got "
            + inDistribution + " and " + shifted);
      }
    }
  }

  /**
   * The least-squares line {@code logit(shifted) = slope * logit(inDistribution) + intercept}.
   */
  public record Fit(double slope, double intercept) {
    /** The shifted accuracy the line predicts at {@code inDistribution}. */
    public double predict(double inDistribution) {
      return sigmoid(slope * logit(inDistribution) + intercept);
    }

    /** Shifted accuracy minus the prediction: the effective robustness of {@code p}. */
    public double effectiveRobustness(Point p) {
      return p.shifted() - predict(p.inDistribution());
    }
  }

  /** Fits the line to {@code baseline}: at least two points of distinct in-distribution accuracy. */
  public static Fit fit(List<Point> baseline) {
    int n = baseline.size();
    double mx = 0;
    double my = 0;
    for (Point p : baseline) {
      mx += logit(p.inDistribution()) / n;
      my += logit(p.shifted()) / n;
    }
    double sxx = 0;
    double sxy = 0;
    for (Point p : baseline) {
      double dx = logit(p.inDistribution()) - mx;
      sxx += dx * dx;
      sxy += dx * (logit(p.shifted()) - my);
    }
    if (n < 2 || sxx == 0) {
      throw new IllegalArgumentException("a logit-linear fit needs at least two baseline models "
          + "of different in-distribution accuracy, got " + n);
    }
    double slope = sxy / sxx;
    return new Fit(slope, my - slope * mx);
  }

  /** {@code ln(p / (1 - p))}, p clamped to [1e-4, 1 - 1e-4]. */
  public static double logit(double p) {
    double q = Math.min(1 - EPS, Math.max(EPS, p));
    return Math.log(q / (1 - q));
  }

  /** The inverse of {@link #logit}. */
  public static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
