package dev.clipjvm.clip.tf.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The paper's linear-probe protocol (Section 3.2, Appendix A.3): logistic regression on frozen
 * features, its L2 strength chosen on a validation split held out from the end of the training
 * set and the classifier refitted on all of it; few-shot variants draw K examples per class.
 *
 * <p>The sweep tries one strength per decade in [1e-6, 1e6], largest first (each fit starts from
 * the previous solution), then the half decades on both sides of the best one. The best has the
 * highest validation accuracy; among equal accuracies the stronger regularization wins.
 */
public final class LinearProbe {
  /** Decades of the sweep, 1e-6 .. 1e6 (the paper's range). */
  private static final int LOWEST_DECADE = -6;
  private static final int HIGHEST_DECADE = 6;

  private final SoftmaxRegression regression;

  /** A probe fitting with {@code regression}. */
  public LinearProbe(SoftmaxRegression regression) {
    this.regression = regression;
  }

  /** The default gradient tolerance: stop when no gradient component exceeds this. */
  public static final double DEFAULT_TOLERANCE = 1e-6;
  /** The default iteration limit of one fit. */
  public static final int DEFAULT_MAX_ITERATIONS = 1000;

  /** A probe with the default solver: history 10, gradient tolerance 1e-6, 1000 iterations. */
  public static LinearProbe standard() {
    return of(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * A probe whose L-BFGS (history 10, value tolerance 1e-12) stops when the largest absolute
   * gradient component is at most {@code gradientTolerance} or after {@code maxIterations}.
   */
  public static LinearProbe of(double gradientTolerance, int maxIterations) {
    return new LinearProbe(new SoftmaxRegression(
        new Lbfgs(10, gradientTolerance, 1e-12, maxIterations)));
  }

  /**
   * One strength tried by a sweep: its validation accuracy and how its fit ended.
   *
   * @param lambda the L2 strength
   * @param validationAccuracy accuracy on the validation rows
   * @param iterations L-BFGS iterations of the fit
   * @param converged whether the fit met a tolerance
   */
  public record Trial(double lambda, double validationAccuracy, int iterations,
      boolean converged) {
    /** The trial of a fitted model scored on {@code validation}. */
    static Trial of(SoftmaxRegression.Model m, FeatureSet validation) {
      return new Trial(m.lambda(), m.accuracy(validation), m.iterations(), m.converged());
    }
  }

  /**
   * A probe's outcome.
   *
   * @param model the classifier fitted on all training rows
   * @param accuracy its accuracy on the test rows
   * @param sweep the strengths tried (empty when the strength was given)
   */
  public record Outcome(SoftmaxRegression.Model model, double accuracy, List<Trial> sweep) {
    /** Copies the list. */
    public Outcome {
      sweep = List.copyOf(sweep);
    }
  }

  /**
   * Few-shot accuracies for one K over seeds 0..S-1: their mean and sample standard deviation.
   *
   * @param shots rows per class
   * @param accuracies test accuracy of each seed
   * @param lambdas the strength of each seed's final fit
   * @param converged whether each seed's final fit met a tolerance
   */
  public record FewShot(int shots, List<Double> accuracies, List<Double> lambdas,
      List<Boolean> converged) {
    /** Copies the lists. */
    public FewShot {
      accuracies = List.copyOf(accuracies);
      lambdas = List.copyOf(lambdas);
      converged = List.copyOf(converged);
    }

    /** Mean accuracy over seeds. */
    public double mean() {
      return accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Sample standard deviation (n - 1) over seeds; 0 for one seed. */
    public double std() {
      int n = accuracies.size();
      if (n < 2) {
        return 0;
      }
      double m = mean();
      double sum = accuracies.stream().mapToDouble(a -> (a - m) * (a - m)).sum();
      return Math.sqrt(sum / (n - 1));
    }
  }

  /**
   * Fits on {@code train} and scores on {@code test}: at {@code lambda} when given, else with a
   * sweep on the last {@code valFraction} of {@code train} and a refit on all of it.
   */
  public Outcome run(FeatureSet train, FeatureSet test, Optional<Double> lambda,
      double valFraction) {
    checkCompatible(train, test);
    int classes = Math.max(train.classes(), test.classes());
    if (lambda.isPresent()) {
      SoftmaxRegression.Model model = regression.fit(train, classes, lambda.get(), null);
      return new Outcome(model, model.accuracy(test), List.of());
    }
    int split = splitPoint(train, valFraction);
    Sweep sweep = sweep(train.slice(0, split), train.slice(split, train.rows()), classes);
    double chosen = best(sweep.trials());
    // The refit starts from the sweep's solution at the chosen strength (fitted on most of the
    // same rows): the same optimum, reached in fewer iterations than from zero.
    SoftmaxRegression.Model model = regression.fit(train, classes, chosen,
        sweep.solutionAt(chosen));
    return new Outcome(model, model.accuracy(test), sweep.trials());
  }

  /**
   * Few-shot probes: for each seed, {@code shots} rows per class drawn from the training part of
   * {@code train} (all of it when {@code lambda} is given, else its first
   * {@code 1 - valFraction}, the rest choosing the strength by a sweep), scored on {@code test}.
   */
  public FewShot fewShot(FeatureSet train, FeatureSet test, int shots, int seeds,
      Optional<Double> lambda, double valFraction) {
    if (shots < 1 || seeds < 1) {
      throw new IllegalArgumentException("few-shot needs shots >= 1 and seeds >= 1, got shots "
          + shots + ", seeds " + seeds);
    }
    checkCompatible(train, test);
    int classes = Math.max(train.classes(), test.classes());
    int split = lambda.isPresent() ? train.rows() : splitPoint(train, valFraction);
    FeatureSet pool = train.slice(0, split);
    FeatureSet validation = train.slice(split, train.rows());
    List<Double> accuracies = new ArrayList<>();
    List<Double> lambdas = new ArrayList<>();
    List<Boolean> converged = new ArrayList<>();
    for (int seed = 0; seed < seeds; seed++) {
      FeatureSet sample = pool.select(Shots.draw(pool.labels(), train.classes(), shots,
          new Random(seed)));
      double chosen = lambda.orElseGet(() -> best(sweep(sample, validation, classes).trials()));
      SoftmaxRegression.Model model = regression.fit(sample, classes, chosen, null);
      accuracies.add(model.accuracy(test));
      lambdas.add(chosen);
      converged.add(model.converged());
    }
    return new FewShot(shots, accuracies, lambdas, converged);
  }

  /** Validation accuracy of each strength, decades largest first, then the best's neighbours. */
  Sweep sweep(FeatureSet fit, FeatureSet validation, int classes) {
    List<Trial> trials = new ArrayList<>();
    List<double[]> solutions = new ArrayList<>();
    double[] warm = null;
    for (int e = HIGHEST_DECADE; e >= LOWEST_DECADE; e--) {
      SoftmaxRegression.Model m = regression.fit(fit, classes, Math.pow(10, e), warm);
      warm = m.parameters();
      solutions.add(warm);
      trials.add(Trial.of(m, validation));
    }
    double decade = Math.log10(best(trials));
    int bestIndex = (int) Math.round(HIGHEST_DECADE - decade);
    for (double e : new double[] {decade + 0.5, decade - 0.5}) {
      if (e <= HIGHEST_DECADE && e >= LOWEST_DECADE) {
        // Started from the best decade's solution, a neighbour of this strength's optimum.
        SoftmaxRegression.Model m = regression.fit(fit, classes, Math.pow(10, e),
            solutions.get(bestIndex));
        solutions.add(m.parameters());
        trials.add(Trial.of(m, validation));
      }
    }
    return new Sweep(trials, solutions);
  }

  /** The trials of a sweep and the parameters each one fitted, in the same order. */
  record Sweep(List<Trial> trials, List<double[]> solutions) {
    /** The parameters fitted at {@code lambda}, one of the strengths tried. */
    double[] solutionAt(double lambda) {
      for (int i = 0; i < trials.size(); i++) {
        if (trials.get(i).lambda() == lambda) {
          return solutions.get(i);
        }
      }
      throw new IllegalArgumentException("the sweep did not try l2 " + lambda);
    }
  }

  /** Highest validation accuracy; ties go to the larger strength. */
  static double best(List<Trial> trials) {
    Trial best = trials.get(0);
    for (Trial t : trials) {
      if (t.validationAccuracy() > best.validationAccuracy()
          || (t.validationAccuracy() == best.validationAccuracy() && t.lambda() > best.lambda())) {
        best = t;
      }
    }
    return best.lambda();
  }

  private static int splitPoint(FeatureSet train, double valFraction) {
    if (!(valFraction > 0 && valFraction < 1)) {
      throw new IllegalArgumentException("the validation fraction must be in (0, 1), got "
          + valFraction);
    }
    int validation = (int) Math.round(train.rows() * valFraction);
    if (validation < 1 || validation >= train.rows()) {
      throw new IllegalArgumentException("a validation fraction of " + valFraction + " of "
          + train.rows() + " training rows leaves no rows to fit or to validate on");
    }
    return train.rows() - validation;
  }

  private static void checkCompatible(FeatureSet train, FeatureSet test) {
    if (train.dim() != test.dim()) {
      throw new IllegalArgumentException("training features have " + train.dim()
          + " dimensions, test features " + test.dim());
    }
  }
}
