package dev.clipjvm.clip.tf.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.transfer.EffectiveRobustness;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Effective robustness measured from data (Taori et al. 2020; the paper's Section 3.3): a model's
 * zero-shot top-1 accuracy on an in-distribution set and on shifted sets
 * ({@link ZeroShotEvaluation}, the figures {@code clip eval zeroshot} gives on each set), and the
 * comparison of evaluated models against the logit-linear fit of baseline models
 * ({@link EffectiveRobustness}).
 */
public final class RobustnessEvaluation {
  private RobustnessEvaluation() {}

  /**
   * A labelled set and how its class keys map to the prompts' classes.
   *
   * @param name the set's name in reports ({@code in_distribution} or a shift's name)
   * @param data the images
   * @param toClass for each class key of {@code data}, its class index in the prompts
   */
  public record LabelledSetOf(String name, LabelledDataset data, int[] toClass) {}

  /**
   * One model's accuracies.
   *
   * @param name the model's name in reports
   * @param inDistribution accuracy on the in-distribution set
   * @param shifted accuracy per shifted set, by name, in order
   */
  public record Accuracies(String name, double inDistribution, Map<String, Double> shifted) {
    /** Copies the map, keeping its order. */
    public Accuracies {
      shifted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shifted));
    }
  }

  /**
   * One shift compared.
   *
   * @param name the shifted set
   * @param baseline the baseline models' points
   * @param fit the logit-linear line fitted to them
   * @param models the evaluated models' names and points, in order
   */
  public record Shift(String name, List<EffectiveRobustness.Point> baseline,
      EffectiveRobustness.Fit fit, Map<String, EffectiveRobustness.Point> models) {}

  /**
   * Measures {@code model}'s zero-shot top-1 accuracy on the in-distribution set and on each
   * shifted set, with one classifier built from {@code prompts}.
   */
  public static Accuracies measure(String name, ClipModel model, PromptSet prompts,
      LabelledSetOf inDistribution, List<LabelledSetOf> shifted, int batch) throws IOException {
    ZeroShotClassifier classifier = ZeroShotClassifier.build(model, prompts);
    double id = top1(model, classifier, inDistribution, batch);
    Map<String, Double> out = new LinkedHashMap<>();
    for (LabelledSetOf s : shifted) {
      out.put(s.name(), top1(model, classifier, s, batch));
    }
    return new Accuracies(name, id, out);
  }

  private static double top1(ClipModel model, ZeroShotClassifier classifier, LabelledSetOf set,
      int batch) throws IOException {
    return ZeroShotEvaluation.run(model, classifier, set.data(), set.toClass(), batch).top1();
  }

  /**
   * Fits the baseline line of every shift the evaluated {@code models} have and places them
   * against it.
   *
   * @throws IllegalArgumentException naming the shift with fewer than two baseline models of
   *     different in-distribution accuracy
   */
  public static List<Shift> compare(List<Accuracies> baseline, List<Accuracies> models) {
    List<String> names = new ArrayList<>();
    models.forEach(m -> m.shifted().keySet().stream().filter(s -> !names.contains(s))
        .forEach(names::add));
    List<Shift> out = new ArrayList<>();
    for (String shift : names) {
      List<EffectiveRobustness.Point> points = new ArrayList<>();
      for (Accuracies b : baseline) {
        if (b.shifted().containsKey(shift)) {
          points.add(new EffectiveRobustness.Point(b.inDistribution(), b.shifted().get(shift)));
        }
      }
      EffectiveRobustness.Fit fit;
      try {
        fit = EffectiveRobustness.fit(points);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("shifted set '" + shift + "': " + e.getMessage(), e);
      }
      Map<String, EffectiveRobustness.Point> placed = new LinkedHashMap<>();
      for (Accuracies m : models) {
        if (m.shifted().containsKey(shift)) {
          placed.put(m.name(), new EffectiveRobustness.Point(m.inDistribution(),
              m.shifted().get(shift)));
        }
      }
      out.add(new Shift(shift, points, fit, placed));
    }
    return out;
  }

  /**
   * The JSON document of a comparison: {@code shifts}, each with {@code slope}, {@code
   * intercept}, {@code baseline_models} and per model {@code in_distribution}, {@code shifted},
   * {@code predicted} and {@code effective_robustness}.
   */
  public static ObjectNode json(List<Shift> shifts) {
    ObjectNode root = Json.object();
    ObjectNode all = root.putObject("shifts");
    for (Shift s : shifts) {
      ObjectNode o = all.putObject(s.name()).put("slope", s.fit().slope())
          .put("intercept", s.fit().intercept()).put("baseline_models", s.baseline().size());
      s.models().forEach((name, p) -> o.putObject(name).put("in_distribution",
              p.inDistribution()).put("shifted", p.shifted())
          .put("predicted", s.fit().predict(p.inDistribution()))
          .put("effective_robustness", s.fit().effectiveRobustness(p)));
    }
    return root;
  }

  /**
   * Adds {@code accuracies}: the measured models in the accuracies-file form (so a document
   * can serve as a later {@code --baseline}).
   */
  public static ObjectNode withAccuracies(ObjectNode root, List<Accuracies> measured) {
    var list = root.putArray("accuracies");
    for (Accuracies a : measured) {
      ObjectNode m = list.addObject().put("name", a.name())
          .put("in_distribution", a.inDistribution());
      ObjectNode s = m.putObject("shifted");
      a.shifted().forEach(s::put);
    }
    return root;
  }

  /**
   * The models of an accuracies file {@code {"models": [{"name", "in_distribution",
   * "shifted": {SET: ACC}}]}}.
   *
   * @throws IllegalArgumentException naming the file and the key at fault
   */
  public static List<Accuracies> readAccuracies(Path file) throws IOException {
    // The one strict reader: size cap, duplicate keys and trailing content are problems.
    var parsed = Json.parse(file);
    if (parsed.isInvalid()) {
      throw new IllegalArgumentException(file + ": " + parsed.getError().mkString("; "));
    }
    JsonNode root = parsed.get();
    JsonNode list = root == null ? null : root.get("models");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(file + ": needs a non-empty array 'models'");
    }
    List<Accuracies> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String at = file + ": models[" + i + "]";
      if (!m.path("name").isTextual()) {
        throw new IllegalArgumentException(at + ".name must be a string");
      }
      double id = accuracy(m.get("in_distribution"), at + ".in_distribution");
      JsonNode shifted = m.get("shifted");
      if (shifted == null || !shifted.isObject() || shifted.isEmpty()) {
        throw new IllegalArgumentException(at + ".shifted must be an object {set: accuracy, ...}");
      }
      Map<String, Double> sets = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = shifted.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        sets.put(f.getKey(), accuracy(f.getValue(), at + ".shifted." + f.getKey()));
      }
      out.add(new Accuracies(m.get("name").asText(), id, sets));
    }
    return out;
  }

  private static double accuracy(JsonNode n, String at) {
    if (n == null || !n.isNumber() || !(n.asDouble() >= 0 && n.asDouble() <= 1)) {
      throw new IllegalArgumentException(at + " must be an accuracy in [0, 1], got " + n);
    }
    return n.asDouble();
  }
}
