package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.examples.render.RobustnessPlot;
import dev.clipjvm.clip.tf.evaluation.RobustnessEvaluation;
import dev.clipjvm.clip.tf.evaluation.RobustnessEvaluation.Accuracies;
import dev.clipjvm.clip.tf.evaluation.RobustnessSets;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        "Accuracies are zero-shot top-1, measured (exactly as 'clip eval zeroshot' measures "
            + "them) for --checkpoint and for every --baseline that is a model, on the "
            + "in-distribution set and the shifted sets: the built-in synthetic images "
            + "(--synthetic shape|color, shifted by each --shift) or labelled images (--images "
            + "with --classes and --templates, shifted sets by --shifted NAME=DATA). They can "
            + "also come from JSON files {\"models\": [{\"name\": N, \"in_distribution\": ACC, "
            + "\"shifted\": {SET: ACC, ...}}, ...]} (--baseline FILE.json, --models FILE.json) "
            + "with accuracies in [0, 1]; the JSON output's 'accuracies' has this form."})
public final class EvalRobustnessCommand implements Callable<Integer> {

  @Option(names = "--baseline", required = true, paramLabel = "FILE.json|MODEL",
      description = "A baseline: a .json accuracies file, or a model (checkpoint file, run "
          + "directory, released name) measured on the sets. Repeat it; every shifted set "
          + "needs at least two baseline models of different in-distribution accuracy.")
  List<String> baseline = new ArrayList<>();

  @Option(names = "--models", paramLabel = "FILE.json",
      description = "Accuracies of further models to evaluate.")
  Path models;

  @Option(names = "--checkpoint", paramLabel = "M",
      description = "The model to evaluate, measured on the sets (a checkpoint file, a run "
          + "directory of clip train or a released model's name).")
  String checkpoint;

  @Option(names = "--vocab", paramLabel = "FILE",
      description = "The vocabulary of --checkpoint and the baseline models (default: each "
          + "model's own: a run directory's, else OpenAI's bundled one).")
  Path vocab;

  @Option(names = "--synthetic", paramLabel = "ATTRIBUTE",
      description = "Measure on the built-in synthetic images labelled by shape or color: the "
          + "in-distribution set is the unshifted test split.")
  String synthetic;

  @Option(names = "--shift", paramLabel = "NAME", split = ",",
      description = "With --synthetic: a shifted set, one of colored_background, outline, "
          + "filled, pastel, noise (comma-separated or repeated).")
  List<String> shifts = new ArrayList<>();

  @Option(names = "--count", paramLabel = "N", defaultValue = "500",
      description = "With --synthetic: images per set (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "With --synthetic: the synthetic dataset's seed (a model trained on "
          + "synthetic data was evaluated on its training seed; the demo's is 0; default: "
          + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--images", paramLabel = "DATA",
      description = "The in-distribution labelled images (the kinds 'clip eval zeroshot "
          + "--images' reads).")
  Path images;

  @Option(names = "--shifted", paramLabel = "NAME=DATA",
      description = "With --images: a shifted set of labelled images with the same classes; "
          + "repeat it.")
  Map<String, Path> shiftedSets = new LinkedHashMap<>();

  @Option(names = "--classes", paramLabel = "FILE",
      description = "With --images: the class names (as for 'clip eval zeroshot').")
  Path classes;

  @Option(names = "--templates", paramLabel = "FILE",
      description = "Prompt templates (as for 'clip eval zeroshot'); required with --images; "
          + "with --synthetic the demo's templates of the attribute by default.")
  Path templates;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "The section of a markdown --classes or --templates file.")
  String dataset;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "Images encoded per run of a model (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Write the plot (logit axes: baseline points and fit per set, models).")
  Path plot;

  @Mixin DeviceOption device;

  @Option(names = "--json", description = "Print one JSON object on one line: shifts, each "
      + "with slope, intercept, baseline_models and per model in_distribution, shifted, "
      + "predicted and effective_robustness; accuracies (every measured model, in the "
      + "accuracies-file form); the report for a person goes to standard error.")
  boolean json;

  /** The sets every measured model is scored on. */
  private RobustnessSets sets;

  @Override
  public Integer call() throws IOException, PretrainedException {
    if (checkpoint == null && models == null) {
      throw new UsageException("give the model to evaluate: --checkpoint M (measured) or "
          + "--models FILE.json (accuracies)");
    }
    if (batch < 1 || count < 1) {
      throw new UsageException("--batch and --count must be at least 1, got " + batch + " and "
          + count);
    }
    boolean measures = checkpoint != null
        || baseline.stream().anyMatch(b -> !b.toLowerCase(Locale.ROOT).endsWith(".json"));
    sets = measures ? sets() : null;
    PrintStream human = JsonOutput.human(json);
    List<Accuracies> measured = new ArrayList<>();
    List<Accuracies> base = new ArrayList<>();
    for (String b : baseline) {
      if (b.toLowerCase(Locale.ROOT).endsWith(".json")) {
        base.addAll(read(Path.of(b)));
      } else {
        Accuracies a = measure(b, human);
        measured.add(a);
        base.add(a);
      }
    }
    List<Accuracies> evaluated = new ArrayList<>();
    if (checkpoint != null) {
      Accuracies a = measure(checkpoint, human);
      measured.add(a);
      evaluated.add(a);
    }
    if (models != null) {
      evaluated.addAll(read(models));
    }
    List<RobustnessEvaluation.Shift> shifts;
    try {
      shifts = RobustnessEvaluation.compare(base, evaluated);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--baseline: " + e.getMessage());
    }
    Map<String, RobustnessPlot.Shift> plotted = new LinkedHashMap<>();
    for (RobustnessEvaluation.Shift s : shifts) {
      human.printf(Locale.ROOT, "%s: logit(shifted) = %.3f * logit(in-distribution) %+.3f (%d "
          + "baseline models)%n", s.name(), s.fit().slope(), s.fit().intercept(),
          s.baseline().size());
      s.models().forEach((name, p) -> human.printf(Locale.ROOT, "  %s: in-distribution %.4f, "
          + "shifted %.4f, predicted %.4f, effective robustness %+.4f%n", name,
          p.inDistribution(), p.shifted(), s.fit().predict(p.inDistribution()),
          s.fit().effectiveRobustness(p)));
      plotted.put(s.name(), new RobustnessPlot.Shift(s.baseline(), s.fit(),
          List.copyOf(s.models().values())));
    }
    if (plot != null) {
      RobustnessPlot.write(plot, plotted);
      human.println("plot: " + plot);
    }
    if (json) {
      JsonOutput.print(RobustnessEvaluation.withAccuracies(RobustnessEvaluation.json(shifts),
          measured));
    }
    return 0;
  }

  private Accuracies measure(String model, PrintStream human)
      throws IOException, PretrainedException {
    long t0 = System.nanoTime();
    try (ClipModel m = ModelOptions.load(model, vocab, device.orAuto())) {
      Accuracies a;
      try {
        a = sets.measure(model, m, batch);
      } catch (IllegalArgumentException e) {
        throw new UsageException(model + ": " + e.getMessage());
      }
      human.printf(Locale.ROOT, "%s: in-distribution %.4f, %s (%.1f s)%n", model,
          a.inDistribution(), a.shifted(), (System.nanoTime() - t0) / 1e9);
      return a;
    }
  }

  /** The sets the options describe; a mistake in them is the user's. */
  private RobustnessSets sets() throws IOException {
    Optional<String> section = Optional.ofNullable(dataset);
    if ((synthetic == null) == (images == null)) {
      throw new UsageException("measuring a model needs its sets: --synthetic shape|color "
          + "(with --shift), or --images DATA with --shifted NAME=DATA");
    }
    try {
      if (synthetic != null) {
        if (!shiftedSets.isEmpty() || classes != null) {
          throw new UsageException("--synthetic takes --shift NAME and no --shifted or "
              + "--classes");
        }
        Attribute a = switch (synthetic.toLowerCase(Locale.ROOT)) {
          case "shape" -> Attribute.SHAPE;
          case "color" -> Attribute.COLOR;
          default -> throw new UsageException("--synthetic must be shape or color, got "
              + synthetic);
        };
        List<SyntheticShift> named = new ArrayList<>();
        for (String s : shifts) {
          named.add(shift(s));
        }
        return RobustnessSets.synthetic(a, named, count, seed, templates == null
            ? Optional.empty() : Optional.of(PromptFiles.templates(templates, section)));
      }
      if (classes == null || templates == null || !shifts.isEmpty()) {
        throw new UsageException("--images needs --classes, --templates and --shifted "
            + "NAME=DATA (and no --shift)");
      }
      return RobustnessSets.labelled(images, shiftedSets, classes, templates, section);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e);
    }
  }

  private static SyntheticShift shift(String name) {
    for (SyntheticShift s : SyntheticShift.values()) {
      if (s != SyntheticShift.NONE && s.id().equals(name)) {
        return s;
      }
    }
    throw new UsageException("--shift " + name + " is not one of colored_background, "
        + "outline, filled, pastel, noise");
  }

  private static List<Accuracies> read(Path file) throws IOException {
    try {
      return RobustnessEvaluation.readAccuracies(file);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e);
    }
  }
}
