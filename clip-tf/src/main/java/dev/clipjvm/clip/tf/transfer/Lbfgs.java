package dev.clipjvm.clip.tf.transfer;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4 and
 * 7.5) with a strong Wolfe line search (Algorithms 3.5 and 3.6, cubic interpolation in the zoom
 * phase), for smooth unconstrained objectives.
 *
 * <p>Convergence: the run stops when the largest absolute gradient component is at most
 * {@code gradientTolerance} (scipy's {@code pgtol}, the test scikit-learn's {@code lbfgs} solver
 * uses with {@code tol}), or when one step lowers the objective by less than
 * {@code valueTolerance * max(|f|, 1)} (scipy's {@code factr * eps}), or after
 * {@code maxIterations} iterations. {@link Result#stop()} says which, {@link Result#converged()}
 * whether a tolerance was met, and {@link Result#gradientMaxAbs()} how far from stationary the
 * returned point is.
 */
public final class Lbfgs {
  /** Sufficient decrease constant c1 and curvature constant c2 (Nocedal and Wright, p. 142). */
  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LINE_SEARCH = 40;

  private final int history;
  private final double gradientTolerance;
  private final double valueTolerance;
  private final int maxIterations;

  /** An objective: writes the gradient at {@code x} into {@code gradient}, returns the value. */
  @FunctionalInterface
  public interface Objective {
    /** The value at {@code x}; {@code gradient} receives the gradient. */
    double evaluate(double[] x, double[] gradient);
  }

  /** Why a run stopped. */
  public enum Stop {
    /** The largest absolute gradient component reached the gradient tolerance. */
    GRADIENT_TOLERANCE,
    /** One step lowered the objective by less than the value tolerance. */
    VALUE_TOLERANCE,
    /** The line search found no step that lowers the objective (round-off level). */
    NO_PROGRESS,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS
  }

  /**
   * Where a run ended.
   *
   * @param x the point
   * @param value the objective there
   * @param iterations iterations used
   * @param converged whether a tolerance was met (a run ending without progress counts when its
   *     gradient is within 10 times the gradient tolerance)
   * @param gradientMaxAbs the largest absolute gradient component at {@code x}
   * @param stop why the run stopped
   */
  public record Result(double[] x, double value, int iterations, boolean converged,
      double gradientMaxAbs, Stop stop) {}

  /**
   * A solver keeping {@code history} correction pairs.
   *
   * @param gradientTolerance stop when max |g_i| is at most this
   * @param valueTolerance stop when a step lowers f by less than this times max(|f|, 1)
   */
  public Lbfgs(int history, double gradientTolerance, double valueTolerance, int maxIterations) {
    if (history < 1 || maxIterations < 1 || !(gradientTolerance >= 0) || !(valueTolerance >= 0)) {
      throw new IllegalArgumentException("L-BFGS needs history >= 1, maxIterations >= 1 and"
          + " non-negative tolerances");
    }
    this.history = history;
    this.gradientTolerance = gradientTolerance;
    this.valueTolerance = valueTolerance;
    this.maxIterations = maxIterations;
  }

  /** Minimizes {@code f} from {@code start} (not modified). */
  public Result minimize(Objective f, double[] start) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double fx = f.evaluate(x, g);
    double[][] s = new double[history][];
    double[][] y = new double[history][];
    double[] rho = new double[history];
    int stored = 0;
    int newest = -1;
    double[] direction = new double[n];
    double[] alpha = new double[history];
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      if (maxAbs(g) <= gradientTolerance) {
        return new Result(x, fx, iteration, true, maxAbs(g), Stop.GRADIENT_TOLERANCE);
      }
      // Two-loop recursion: direction = -H g.
      for (int i = 0; i < n; i++) {
        direction[i] = -g[i];
      }
      for (int k = 0; k < stored; k++) {
        int j = Math.floorMod(newest - k, history);
        alpha[j] = rho[j] * dot(s[j], direction);
        axpy(-alpha[j], y[j], direction);
      }
      double gamma = stored == 0 ? 1.0 / Math.max(norm(g), 1e-300)
          : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      for (int i = 0; i < n; i++) {
        direction[i] *= gamma;
      }
      for (int k = stored - 1; k >= 0; k--) {
        int j = Math.floorMod(newest - k, history);
        double beta = rho[j] * dot(y[j], direction);
        axpy(alpha[j] - beta, s[j], direction);
      }
      double slope = dot(g, direction);
      if (!(slope < 0)) {
        // Not a descent direction (round-off): restart from steepest descent.
        stored = 0;
        for (int i = 0; i < n; i++) {
          direction[i] = -g[i] / Math.max(norm(g), 1e-300);
        }
        slope = dot(g, direction);
      }
      LineSearch step = new LineSearch(f, x, fx, g, direction, slope);
      if (!step.search()) {
        // No acceptable step: as close as round-off allows.
        return new Result(x, fx, iteration, maxAbs(g) <= gradientTolerance * 10, maxAbs(g),
            Stop.NO_PROGRESS);
      }
      newest = (newest + 1) % history;
      double[] sNew = new double[n];
      double[] yNew = new double[n];
      for (int i = 0; i < n; i++) {
        sNew[i] = step.x[i] - x[i];
        yNew[i] = step.g[i] - g[i];
      }
      double sy = dot(sNew, yNew);
      double previous = fx;
      x = step.x;
      g = step.g;
      fx = step.f;
      if (sy > 1e-12 * norm(sNew) * norm(yNew)) {
        s[newest] = sNew;
        y[newest] = yNew;
        rho[newest] = 1 / sy;
        stored = Math.min(stored + 1, history);
      } else {
        newest = Math.floorMod(newest - 1, history);
      }
      if (previous - fx <= valueTolerance * Math.max(Math.abs(fx), 1)) {
        return new Result(x, fx, iteration + 1, true, maxAbs(g), Stop.VALUE_TOLERANCE);
      }
    }
    boolean met = maxAbs(g) <= gradientTolerance;
    return new Result(x, fx, maxIterations, met, maxAbs(g),
        met ? Stop.GRADIENT_TOLERANCE : Stop.MAX_ITERATIONS);
  }

  /** One strong Wolfe line search along {@code d} from {@code x0}; the accepted point in x, f, g. */
  private static final class LineSearch {
    private final Objective objective;
    private final double[] x0;
    private final double f0;
    private final double slope0;
    private final double[] d;
    double[] x;
    double[] g;
    double f;

    LineSearch(Objective objective, double[] x0, double f0, double[] g0, double[] d,
        double slope0) {
      this.objective = objective;
      this.x0 = x0;
      this.f0 = f0;
      this.d = d;
      this.slope0 = slope0;
      this.g = g0;
    }

    /** Algorithm 3.5: expand until the bracket holds a strong Wolfe point, then zoom. */
    boolean search() {
      double previousStep = 0;
      double previousValue = f0;
      double previousSlope = slope0;
      double step = 1;
      for (int i = 0; i < MAX_LINE_SEARCH; i++) {
        double value = evaluate(step);
        double slope = dot(g, d);
        if (value > f0 + C1 * step * slope0 || (i > 0 && value >= previousValue)
            || !Double.isFinite(value)) {
          return zoom(previousStep, previousValue, previousSlope, step, value, slope);
        }
        if (Math.abs(slope) <= -C2 * slope0) {
          return true;
        }
        if (slope >= 0) {
          return zoom(step, value, slope, previousStep, previousValue, previousSlope);
        }
        previousStep = step;
        previousValue = value;
        previousSlope = slope;
        step *= 2;
      }
      return false;
    }

    /** Algorithm 3.6 with cubic interpolation, bisection when the cubic leaves the bracket. */
    private boolean zoom(double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
      for (int i = 0; i < MAX_LINE_SEARCH; i++) {
        double step = cubicMinimum(lo, fLo, dLo, hi, fHi, dHi);
        double value = evaluate(step);
        double slope = dot(g, d);
        if (value > f0 + C1 * step * slope0 || value >= fLo || !Double.isFinite(value)) {
          hi = step;
          fHi = value;
          dHi = slope;
        } else {
          if (Math.abs(slope) <= -C2 * slope0) {
            return true;
          }
          if (slope * (hi - lo) >= 0) {
            hi = lo;
            fHi = fLo;
            dHi = dLo;
          }
          lo = step;
          fLo = value;
          dLo = slope;
        }
        if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) {
          break;
        }
      }
      // The bracket collapsed: accept its low end when it lowered the objective.
      if (lo > 0 && fLo < f0) {
        evaluate(lo);
        return true;
      }
      return false;
    }

    private double evaluate(double step) {
      x = new double[x0.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = x0[i] + step * d[i];
      }
      g = new double[x0.length];
      f = objective.evaluate(x, g);
      return f;
    }
  }

  /** Minimizer of the cubic through both ends (values and slopes), kept inside the bracket. */
  static double cubicMinimum(double a, double fa, double da, double b, double fb, double db) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    double margin = 0.1 * (hi - lo);
    if (Double.isFinite(fb) && Double.isFinite(db)) {
      double d1 = da + db - 3 * (fa - fb) / (a - b);
      double radicand = d1 * d1 - da * db;
      if (radicand >= 0) {
        double d2 = Math.signum(b - a) * Math.sqrt(radicand);
        double t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
        if (Double.isFinite(t) && t >= lo + margin && t <= hi - margin) {
          return t;
        }
      }
    }
    return (a + b) / 2;
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double maxAbs(double[] a) {
    double max = 0;
    for (double v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static void axpy(double alpha, double[] xs, double[] ys) {
    for (int i = 0; i < xs.length; i++) {
      ys[i] += alpha * xs[i];
    }
  }
}
