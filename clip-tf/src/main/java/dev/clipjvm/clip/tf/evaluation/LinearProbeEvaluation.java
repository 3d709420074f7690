package dev.clipjvm.clip.tf.evaluation;

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
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A linear probe of a model's image features ({@link LinearProbe}) on labelled training and
 * test images, and the JSON document {@code clip eval linear-probe} prints.
 */
public final class LinearProbeEvaluation {
  private LinearProbeEvaluation() {}

  /**
   * Extracts the {@code output} features of both sets and probes them.
   *
   * @throws IllegalArgumentException when the sets' classes differ or the split is too small
   */
  public static LinearProbe.Outcome run(ClipModel model, LabelledDataset train,
      LabelledDataset test, ImageOutput output, Optional<Double> l2, double valFraction,
      int batch) throws IOException {
    if (!train.classKeys().equals(test.classKeys())) {
      throw new IllegalArgumentException(train.path() + " has classes " + train.classKeys()
          + ", " + test.path() + " has " + test.classKeys());
    }
    FeatureSet a = FeatureSet.of(ImageFeatures.extract(model, train, output, batch, d -> { }));
    FeatureSet b = FeatureSet.of(ImageFeatures.extract(model, test, output, batch, d -> { }));
    return LinearProbe.standard().run(a, b, l2, valFraction);
  }

  /**
   * The JSON document of a probe: {@code accuracy}, {@code l2}, {@code objective}, {@code
   * iterations}, {@code converged}, {@code gradient_max_abs}, {@code stop}, {@code sweep} and
   * {@code few_shot} when asked.
   */
  public static ObjectNode json(LinearProbe.Outcome o, List<LinearProbe.FewShot> fewShots) {
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
  public static String stopName(Lbfgs.Stop stop) {
    return stop.name().toLowerCase(Locale.ROOT);
  }
}
