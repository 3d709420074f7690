package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.examples.render.RobustnessPlot;
import dev.clipjvm.clip.tf.transfer.EffectiveRobustness;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip eval robustness}: effective robustness against a logit-linear baseline fit. */
@Command(
    name = "robustness",
    mixinStandardHelpOptions = true,
    description = {
        "Effective robustness (Taori et al. 2020; the paper's Section 3.3): for each shifted "
            + "set, a line logit(shifted) = a * logit(in-distribution) + b is fitted by least "
            + "squares to the baseline models' accuracies, and each model's effective "
            + "robustness is its shifted accuracy minus the line's prediction at its "
            + "in-distribution accuracy.",
        "--baseline and --models are JSON files {\"models\": [{\"name\": N, "
            + "\"in_distribution\": ACC, \"shifted\": {SET: ACC, ...}}, ...]} with accuracies "
            + "in [0, 1] (for example top1 of 'clip eval zeroshot --json' on each set)."})
public final class EvalRobustnessCommand implements Callable<Integer> {

  @Option(names = "--baseline", required = true, paramLabel = "FILE",
      description = "Accuracies of the baseline models (at least two per shifted set).")
  Path baseline;

  @Option(names = "--models", required = true, paramLabel = "FILE",
      description = "Accuracies of the models to evaluate.")
  Path models;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Write the plot (logit axes: baseline points and fit per set, models).")
  Path plot;

  @Option(names = "--json", description = "Print one JSON object on one line: shifts, each "
      + "with slope, intercept and per model in_distribution, shifted, predicted and "
      + "effective_robustness; the report for a person goes to standard error.")
  boolean json;

  /** One model's accuracies. */
  private record Entry(String name, double inDistribution, Map<String, Double> shifted) {}

  @Override
  public Integer call() throws IOException {
    List<Entry> base = read(baseline);
    List<Entry> evaluated = read(models);
    PrintStream human = JsonOutput.human(json);
    ObjectNode root = Json.object();
    ObjectNode shiftsJson = root.putObject("shifts");
    Map<String, RobustnessPlot.Shift> plotted = new LinkedHashMap<>();
    for (String shift : shiftNames(evaluated)) {
      List<EffectiveRobustness.Point> points = new ArrayList<>();
      for (Entry e : base) {
        if (e.shifted().containsKey(shift)) {
          points.add(new EffectiveRobustness.Point(e.inDistribution(), e.shifted().get(shift)));
        }
      }
      EffectiveRobustness.Fit fit;
      try {
        fit = EffectiveRobustness.fit(points);
      } catch (IllegalArgumentException e) {
        throw new UsageException(baseline + ", shifted set '" + shift + "': " + e.getMessage());
      }
      ObjectNode s = shiftsJson.putObject(shift).put("slope", fit.slope())
          .put("intercept", fit.intercept()).put("baseline_models", points.size());
      human.printf("%s: logit(shifted) = %.3f * logit(in-distribution) %+.3f (%d baseline "
          + "models)%n", shift, fit.slope(), fit.intercept(), points.size());
      List<EffectiveRobustness.Point> modelPoints = new ArrayList<>();
      for (Entry e : evaluated) {
        if (!e.shifted().containsKey(shift)) {
          continue;
        }
        EffectiveRobustness.Point p = new EffectiveRobustness.Point(e.inDistribution(),
            e.shifted().get(shift));
        modelPoints.add(p);
        double predicted = fit.predict(p.inDistribution());
        s.putObject(e.name()).put("in_distribution", p.inDistribution())
            .put("shifted", p.shifted()).put("predicted", predicted)
            .put("effective_robustness", fit.effectiveRobustness(p));
        human.printf("  %s: in-distribution %.4f, shifted %.4f, predicted %.4f, effective "
            + "robustness %+.4f%n", e.name(), p.inDistribution(), p.shifted(), predicted,
            fit.effectiveRobustness(p));
      }
      plotted.put(shift, new RobustnessPlot.Shift(points, fit, modelPoints));
    }
    if (plot != null) {
      RobustnessPlot.write(plot, plotted);
      human.println("plot: " + plot);
    }
    if (json) {
      JsonOutput.print(root);
    }
    return 0;
  }

  private static List<String> shiftNames(List<Entry> entries) {
    List<String> out = new ArrayList<>();
    for (Entry e : entries) {
      for (String s : e.shifted().keySet()) {
        if (!out.contains(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The models of an accuracies file; every mistake names the file and the key. */
  private static List<Entry> read(Path file) throws IOException {
    if (Files.size(file) > Json.MAX_FILE_BYTES) {
      throw new UsageException(file + " has more than " + Json.MAX_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new UsageException(file + ": not JSON: " + e.getOriginalMessage());
    }
    JsonNode list = root == null ? null : root.get("models");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new UsageException(file + ": needs a non-empty array 'models'");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String at = file + ": models[" + i + "]";
      if (!m.path("name").isTextual()) {
        throw new UsageException(at + ".name must be a string");
      }
      double id = accuracy(m.get("in_distribution"), at + ".in_distribution");
      JsonNode shifted = m.get("shifted");
      if (shifted == null || !shifted.isObject() || shifted.isEmpty()) {
        throw new UsageException(at + ".shifted must be an object {set: accuracy, ...}");
      }
      Map<String, Double> sets = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = shifted.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        sets.put(f.getKey(), accuracy(f.getValue(), at + ".shifted." + f.getKey()));
      }
      out.add(new Entry(m.get("name").asText(), id, sets));
    }
    return out;
  }

  private static double accuracy(JsonNode n, String at) {
    if (n == null || !n.isNumber() || !(n.asDouble() >= 0 && n.asDouble() <= 1)) {
      throw new UsageException(at + " must be an accuracy in [0, 1], got " + n);
    }
    return n.asDouble();
  }
}
