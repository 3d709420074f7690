package dev.clipjvm.clip.tf.transfer;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Multinomial logistic regression: minimizes the mean cross-entropy of {@code softmax(W x + b)}
 * plus {@code (lambda / 2) * ||W||^2} (the bias is not penalized) by {@link Lbfgs}. This is
 * scikit-learn's {@code LogisticRegression(multi_class="multinomial", C=1/(lambda*N))}: its
 * objective {@code C * sum(CE) + ||W||^2 / 2} is this one times {@code C * N}.
 *
 * <p>Parameters are laid out as {@code W} ({@code [classes, dim]}, row-major) followed by
 * {@code b} ({@code [classes]}). The gradient is summed over row blocks in parallel.
 */
public final class SoftmaxRegression {
  /** Rows per parallel block: large enough that the per-block gradient buffer is amortized. */
  private static final int BLOCK_ROWS = 2048;

  private final Lbfgs solver;

  /** A regression fitted by {@code solver}. */
  public SoftmaxRegression(Lbfgs solver) {
    this.solver = solver;
  }

  /**
   * A fitted classifier.
   *
   * @param parameters {@code W} then {@code b}
   * @param objective the training objective at the solution
   * @param iterations L-BFGS iterations used
   * @param converged whether the solver met a tolerance
   * @param gradientMaxAbs the largest absolute component of the objective's gradient there
   * @param stop why the solver stopped
   */
  public record Model(double[] parameters, int classes, int dim, double lambda, double objective,
      int iterations, boolean converged, double gradientMaxAbs, Lbfgs.Stop stop) {

    /** The class of highest score for each row (the lowest class id among equal scores). */
    public int[] predict(FeatureSet data) {
      checkDim(data, dim);
      int[] out = new int[data.rows()];
      double[] logits = new double[classes];
      for (int r = 0; r < data.rows(); r++) {
        logits(parameters, classes, data, r, logits);
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (logits[c] > logits[best]) {
            best = c;
          }
        }
        out[r] = best;
      }
      return out;
    }

    /** The fraction of rows whose predicted class is their label. */
    public double accuracy(FeatureSet data) {
      int[] predicted = predict(data);
      int correct = 0;
      for (int r = 0; r < predicted.length; r++) {
        correct += predicted[r] == data.labels()[r] ? 1 : 0;
      }
      return data.rows() == 0 ? 0 : (double) correct / data.rows();
    }
  }

  /**
   * Fits {@code classes} classes to {@code train} at L2 strength {@code lambda}, starting from
   * {@code start} (a previous model's parameters, for warm starts along a sweep) or zeros.
   */
  public Model fit(FeatureSet train, int classes, double lambda, double[] start) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("L2 strength must be finite and >= 0, got " + lambda);
    }
    if (train.rows() == 0) {
      throw new IllegalArgumentException("no training rows");
    }
    if (classes <= maxLabel(train)) {
      throw new IllegalArgumentException("label " + maxLabel(train) + " needs more than "
          + classes + " classes");
    }
    int size = classes * (train.dim() + 1);
    double[] x0 = start != null && start.length == size ? start : new double[size];
    Lbfgs.Result r = solver.minimize((w, g) -> objective(train, classes, lambda, w, g), x0);
    return new Model(r.x(), classes, train.dim(), lambda, r.value(), r.iterations(),
        r.converged(), r.gradientMaxAbs(), r.stop());
  }

  /** The objective at {@code w}; {@code gradient} receives its gradient. */
  static double objective(FeatureSet data, int classes, double lambda, double[] w,
      double[] gradient) {
    int dim = data.dim();
    int blocks = (data.rows() + BLOCK_ROWS - 1) / BLOCK_ROWS;
    double[][] partial = new double[blocks][];
    double[] losses = new double[blocks];
    IntStream.range(0, blocks).parallel().forEach(k -> {
      double[] g = new double[w.length];
      losses[k] = blockLoss(data, classes, w, k * BLOCK_ROWS,
          Math.min(data.rows(), (k + 1) * BLOCK_ROWS), g);
      partial[k] = g;
    });
    double loss = 0;
    Arrays.fill(gradient, 0);
    for (int k = 0; k < blocks; k++) { // fixed order: the result does not depend on scheduling
      loss += losses[k];
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] += partial[k][i];
      }
    }
    double inverse = 1.0 / data.rows();
    double penalty = 0;
    int weights = classes * dim;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] *= inverse;
      if (i < weights) {
        penalty += w[i] * w[i];
        gradient[i] += lambda * w[i];
      }
    }
    return loss * inverse + 0.5 * lambda * penalty;
  }

  /** Summed cross-entropy of rows {@code [from, to)}; their summed gradient added to g. */
  private static double blockLoss(FeatureSet data, int classes, double[] w, int from, int to,
      double[] g) {
    int dim = data.dim();
    float[] x = data.features();
    double[] row = new double[dim]; // the row widened once, so both loops below run on doubles
    double[] logits = new double[classes];
    double loss = 0;
    int biasOffset = classes * dim;
    for (int r = from; r < to; r++) {
      int start = r * dim;
      for (int d = 0; d < dim; d++) {
        row[d] = x[start + d];
      }
      logits(w, classes, dim, row, logits);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits) {
        max = Math.max(max, v);
      }
      int label = data.labels()[r];
      double labelLogit = logits[label] - max; // kept: its exponential may underflow to 0
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        logits[c] = Math.exp(logits[c] - max);
        sum += logits[c];
      }
      loss += Math.log(sum) - labelLogit;
      for (int c = 0; c < classes; c++) {
        double coefficient = logits[c] / sum - (c == label ? 1 : 0);
        int offset = c * dim;
        for (int d = 0; d < dim; d++) { // no reduction: the JIT vectorizes this loop
          g[offset + d] += coefficient * row[d];
        }
        g[biasOffset + c] += coefficient;
      }
    }
    return loss;
  }

  /** Writes {@code W x_r + b} into {@code out}. */
  private static void logits(double[] w, int classes, FeatureSet data, int r, double[] out) {
    int dim = data.dim();
    float[] x = data.features();
    double[] row = new double[dim];
    for (int d = 0; d < dim; d++) {
      row[d] = x[r * dim + d];
    }
    logits(w, classes, dim, row, out);
  }

  /**
   * Writes {@code W row + b} into {@code out}. Four partial sums per class break the chain of
   * dependent additions (several times faster than one running sum; the order is fixed, so the
   * result is deterministic).
   */
  private static void logits(double[] w, int classes, int dim, double[] row, double[] out) {
    int tail = dim - dim % 4;
    for (int c = 0; c < classes; c++) {
      int offset = c * dim;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int d = 0; d < tail; d += 4) {
        s0 += w[offset + d] * row[d];
        s1 += w[offset + d + 1] * row[d + 1];
        s2 += w[offset + d + 2] * row[d + 2];
        s3 += w[offset + d + 3] * row[d + 3];
      }
      for (int d = tail; d < dim; d++) {
        s0 += w[offset + d] * row[d];
      }
      out[c] = w[classes * dim + c] + ((s0 + s1) + (s2 + s3));
    }
  }

  private static int maxLabel(FeatureSet data) {
    return data.classes() - 1;
  }

  private static void checkDim(FeatureSet data, int dim) {
    if (data.dim() != dim) {
      throw new IllegalArgumentException("features have " + data.dim() + " dimensions, the"
          + " model was fitted on " + dim);
    }
  }
}
