package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.inference.ImageFeatures;
import dev.clipjvm.clip.tf.inference.ImageOutput;
import dev.clipjvm.clip.tf.transfer.FeatureSet;
import dev.clipjvm.clip.tf.transfer.Lbfgs;
import dev.clipjvm.clip.tf.transfer.LinearProbe;
import dev.clipjvm.clip.tf.transfer.SoftmaxRegression;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip eval linear-probe}: logistic regression on frozen features. */
@Command(
    name = "linear-probe",
    mixinStandardHelpOptions = true,
    description = {
        "Fit a multinomial logistic regression (L-BFGS, mean cross-entropy plus LAMBDA/2 times "
            + "the squared norm of the weights; the bias is not penalized; scikit-learn's C is "
            + "1/(LAMBDA*N)) on the training features and report its accuracy on the test "
            + "features. Features files are safetensors with tensors 'features' [N, D] and "
            + "'labels' [N], as 'clip features' writes them.",
        "Without --l2 the strength is chosen on the last --val-fraction of the training rows "
            + "from one value per decade in [1e-6, 1e6] and the half decades around the best, "
            + "then the classifier is refitted on all training rows.",
        "--shots adds few-shot probes: for each K, K rows per class drawn with --seeds seeds "
            + "(from the rows before the validation split unless --l2 is given; the strength "
            + "is chosen again on the validation rows), reported as mean and standard deviation "
            + "over the seeds."})
public final class EvalLinearProbeCommand implements Callable<Integer> {

  @Option(names = "--train", paramLabel = "FILE",
      description = "Training features (safetensors with 'features' and 'labels').")
  Path train;

  @Option(names = "--test", paramLabel = "FILE",
      description = "Test features (safetensors with 'features' and 'labels').")
  Path test;

  @Option(names = "--checkpoint", paramLabel = "MODEL",
      description = "Instead of --train/--test: a model (checkpoint file or run directory of "
          + "'clip train') whose image features of --train-images and "
          + "--test-images are probed.")
  Path checkpoint;

  @Option(names = "--train-images", paramLabel = "DATA",
      description = "Training images with --checkpoint: a class-per-folder directory, a "
          + "CSV/TSV file (path,label) or an IDX images file.")
  Path trainImages;

  @Option(names = "--test-images", paramLabel = "DATA",
      description = "Test images with --checkpoint (same kinds as --train-images).")
  Path testImages;

  @Option(names = "--pre-projection",
      description = "With --checkpoint: probe the image tower's features before the final "
          + "projection (the paper's linear probes use them) instead of the embeddings.")
  boolean preProjection;

  @Option(names = "--batch", defaultValue = "256", paramLabel = "N",
      description = "Images encoded at a time with --checkpoint (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--l2", paramLabel = "LAMBDA",
      description = "L2 strength; without it a sweep on a validation split chooses one.")
  Double l2;

  @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Fraction of the training rows, from the end, that choose the strength "
          + "(default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(names = "--shots", split = ",", paramLabel = "K",
      description = "Few-shot probes with K rows per class (comma-separated list, e.g. "
          + "1,2,4,8,16).")
  List<Integer> shots = new ArrayList<>();

  @Option(names = "--seeds", defaultValue = "5", paramLabel = "S",
      description = "Seeds per few-shot K (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--train-rows", paramLabel = "N",
      description = "Use only the first N training rows (the validation split and the few-shot "
          + "draws are then taken from those), e.g. to bound the time of a sweep on many rows.")
  Integer trainRows;

  @Option(names = "--tolerance", defaultValue = "1e-6", paramLabel = "G",
      description = "Stop a fit when no component of the objective's gradient exceeds G in "
          + "absolute value (default: ${DEFAULT-VALUE}); a fit also stops when one step lowers "
          + "the objective by less than 1e-12 of its value.")
  double tolerance;

  @Option(names = "--max-iterations", defaultValue = "1000", paramLabel = "N",
      description = "Stop a fit after N L-BFGS iterations even if no tolerance is met (it is "
          + "then reported as not converged; default: ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(names = "--json", description = "Print one JSON object on one line: accuracy, l2, "
      + "objective, iterations, converged, gradient_max_abs (largest absolute gradient "
      + "component at the solution), stop (gradient_tolerance, value_tolerance, no_progress or "
      + "max_iterations), sweep (l2, val_accuracy, iterations and converged of each strength "
      + "tried) and few_shot (shots, mean, std, accuracies, l2, converged per K) when asked; "
      + "the report for a person goes to standard error.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (l2 != null && !(l2 >= 0 && l2 < Double.POSITIVE_INFINITY)) {
      throw new UsageException("--l2 must be a finite number >= 0, got " + l2);
    }
    if (!(valFraction > 0 && valFraction < 1)) {
      throw new UsageException("--val-fraction must be between 0 and 1 (exclusive), got "
          + valFraction);
    }
    if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)) {
      throw new UsageException("--tolerance must be a finite number >= 0, got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new UsageException("--max-iterations must be at least 1, got " + maxIterations);
    }
    if (seeds < 1 || shots.stream().anyMatch(k -> k < 1)) {
      throw new UsageException("--shots and --seeds must be at least 1, got --shots " + shots
          + " --seeds " + seeds);
    }
    PrintStream human = JsonOutput.human(json);
    FeatureSet[] sets = checkpoint == null ? readFeatures() : extractFeatures(human);
    FeatureSet trainSet = sets[0];
    if (trainRows != null) {
      if (trainRows < 1 || trainRows > trainSet.rows()) {
        throw new UsageException("--train-rows must be between 1 and the " + trainSet.rows()
            + " training rows, got " + trainRows);
      }
      trainSet = trainSet.slice(0, trainRows);
    }
    FeatureSet testSet = sets[1];
    if (trainSet.dim() != testSet.dim()) {
      throw new UsageException("the training features have " + trainSet.dim()
          + " dimensions, the test features " + testSet.dim());
    }
    LinearProbe probe = LinearProbe.of(tolerance, maxIterations);
    Optional<Double> lambda = Optional.ofNullable(l2);
    long t0 = System.nanoTime();
    LinearProbe.Outcome o;
    List<LinearProbe.FewShot> fewShots = new ArrayList<>();
    try {
      o = probe.run(trainSet, testSet, lambda, valFraction);
      for (int k : shots) {
        fewShots.add(probe.fewShot(trainSet, testSet, k, seeds, lambda, valFraction));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // too few rows for the split or for K shots of a class
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (LinearProbe.Trial t : o.sweep()) {
      human.printf("  l2 %-10.3g validation accuracy %.4f (%d iterations%s)%n", t.lambda(),
          t.validationAccuracy(), t.iterations(), t.converged() ? "" : ", NOT converged");
    }
    SoftmaxRegression.Model m = o.model();
    human.printf("linear probe: accuracy %.4f on %d test rows (l2 %.3g, objective %.10g, "
        + "%d iterations, stopped by %s, largest gradient component %.2g%s; %d training rows "
        + "of %d features; %.1f s)%n", o.accuracy(), testSet.rows(), m.lambda(), m.objective(),
        m.iterations(), stopName(m.stop()), m.gradientMaxAbs(),
        m.converged() ? "" : ", NOT converged", trainSet.rows(), trainSet.dim(), seconds);
    for (LinearProbe.FewShot f : fewShots) {
      long unconverged = f.converged().stream().filter(c -> !c).count();
      human.printf("  %d-shot: accuracy %.4f +- %.4f over %d seeds%s%n", f.shots(), f.mean(),
          f.std(), f.accuracies().size(),
          unconverged == 0 ? "" : " (" + unconverged + " fits NOT converged)");
    }
    if (json) {
      JsonOutput.print(json(o, fewShots));
    }
    return 0;
  }

  private FeatureSet[] readFeatures() throws IOException {
    if (train == null || test == null || trainImages != null || testImages != null) {
      throw new UsageException("give --train and --test (features files), or --checkpoint "
          + "with --train-images and --test-images");
    }
    try {
      return new FeatureSet[] {FeatureSet.read(train), FeatureSet.read(test)};
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // a file without features/labels, or of the wrong shape
    }
  }

  private FeatureSet[] extractFeatures(PrintStream human) throws IOException {
    if (trainImages == null || testImages == null || train != null || test != null) {
      throw new UsageException("--checkpoint needs --train-images and --test-images (and no "
          + "--train/--test)");
    }
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1, got " + batch);
    }
    try (ClipModel model = ClipModel.load(checkpoint)) {
      LabelledDataset trainData = LabelledDataset.open(trainImages);
      LabelledDataset testData = LabelledDataset.open(testImages);
      if (!trainData.classKeys().equals(testData.classKeys())) {
        throw new UsageException(trainImages + " has classes " + trainData.classKeys() + ", "
            + testImages + " has " + testData.classKeys());
      }
      ImageOutput output = preProjection ? ImageOutput.PRE_PROJECTION : ImageOutput.EMBEDDING;
      FeatureSet[] out = new FeatureSet[2];
      LabelledDataset[] data = {trainData, testData};
      for (int i = 0; i < 2; i++) {
        long t0 = System.nanoTime();
        out[i] = FeatureSet.of(ImageFeatures.extract(model, data[i], output, batch, done -> { }));
        human.printf("features: %d images of %s in %.1f s%n", out[i].rows(), data[i].path(),
            (System.nanoTime() - t0) / 1e9);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // data that cannot be read as labelled images
    }
  }

  private static ObjectNode json(LinearProbe.Outcome o, List<LinearProbe.FewShot> fewShots) {
    ObjectNode root = Json.object();
    root.put("accuracy", o.accuracy());
    root.put("l2", o.model().lambda());
    root.put("objective", o.model().objective());
    root.put("iterations", o.model().iterations());
    root.put("converged", o.model().converged());
    root.put("gradient_max_abs", o.model().gradientMaxAbs());
    root.put("stop", stopName(o.model().stop()));
    ArrayNode sweep = root.putArray("sweep");
    for (LinearProbe.Trial t : o.sweep()) {
      sweep.addObject().put("l2", t.lambda()).put("val_accuracy", t.validationAccuracy())
          .put("iterations", t.iterations()).put("converged", t.converged());
    }
    if (!fewShots.isEmpty()) {
      ArrayNode few = root.putArray("few_shot");
      for (LinearProbe.FewShot f : fewShots) {
        ObjectNode n = few.addObject().put("shots", f.shots()).put("mean", f.mean())
            .put("std", f.std());
        f.accuracies().forEach(n.putArray("accuracies")::add);
        f.lambdas().forEach(n.putArray("l2")::add);
        f.converged().forEach(n.putArray("converged")::add);
      }
    }
    return root;
  }

  /** The JSON and report name of a stop reason: {@code MAX_ITERATIONS} -> max_iterations. */
  static String stopName(Lbfgs.Stop stop) {
    return stop.name().toLowerCase(Locale.ROOT);
  }
}
