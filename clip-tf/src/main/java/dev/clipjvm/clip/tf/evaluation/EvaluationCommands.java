package dev.clipjvm.clip.tf.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.experiment.EvaluationCommand;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.data.source.CaptionedDataset;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.inference.ImageOutput;
import dev.clipjvm.clip.tf.transfer.LinearProbe;
import dev.clipjvm.clip.tf.transfer.Retrieval;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an experiment's evaluation commands on a trained model: each as the {@code clip eval}
 * command of its type would (the same code and JSON document), written to
 * {@code evaluation/<name>.json} of the run directory, with a summary line per command for the
 * report.
 */
public final class EvaluationCommands {
  /** The folder of the commands' JSON documents in a run directory. */
  public static final String FOLDER = "evaluation";

  private EvaluationCommands() {}

  /**
   * One command's result.
   *
   * @param command the command
   * @param json its JSON document (the {@code --json} output of the command)
   * @param summary one line for a person
   */
  public record Outcome(EvaluationCommand command, ObjectNode json, String summary) {}

  /**
   * Runs {@code commands} on {@code model}, {@code batch} images at a time, writing each
   * document to {@code runDir/evaluation/<name>.json} as it finishes.
   *
   * @param modelName the model's name in robustness reports
   * @throws InvalidConfigException naming the command whose input does not fit
   */
  public static List<Outcome> run(List<EvaluationCommand> commands, ClipModel model,
      String modelName, Path runDir, int batch) throws IOException {
    Path folder = Files.createDirectories(runDir.resolve(FOLDER));
    List<Outcome> out = new ArrayList<>();
    for (EvaluationCommand c : commands) {
      long t0 = System.nanoTime();
      Outcome o;
      try {
        if (c instanceof EvaluationCommand.ZeroShot z) {
          o = zeroShot(z, model, batch);
        } else if (c instanceof EvaluationCommand.LinearProbe l) {
          o = linearProbe(l, model, batch);
        } else if (c instanceof EvaluationCommand.Retrieval r) {
          o = retrieval(r, model, batch);
        } else {
          o = robustness((EvaluationCommand.Robustness) c, model, modelName, batch);
        }
      } catch (IllegalArgumentException e) {
        // The inputs do not fit (classes, captions, too few rows); the trained model is saved.
        throw InvalidConfigException.of("evaluation.commands " + c.name(), e.getMessage()
            + " (the trained model is saved in " + runDir + ")");
      }
      Files.writeString(folder.resolve(c.name() + ".json"), Json.pretty(o.json()),
          StandardCharsets.UTF_8);
      System.err.printf(Locale.ROOT, "evaluation %s (%s): %s (%.1f s)%n", c.name(), c.type(),
          o.summary(), (System.nanoTime() - t0) / 1e9);
      out.add(o);
    }
    return out;
  }

  /**
   * Loads the trained model of {@code runDir} (with its vocabulary), runs {@code commands} and
   * appends their section to its {@code report.md}; nothing when there are none.
   */
  public static List<Outcome> afterTraining(List<EvaluationCommand> commands, Path runDir,
      String modelName, int batch) {
    if (commands.isEmpty()) {
      return List.of();
    }
    try (ClipModel model = ClipModel.load(runDir)) {
      List<Outcome> out = run(commands, model, modelName, runDir, batch);
      Path report = runDir.resolve("report.md");
      if (Files.exists(report)) {
        Files.writeString(report, markdown(out), StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("evaluation.commands: " + e.getMessage(), e);
    }
  }

  /**
   * Checks before training that every file or folder the commands read exists (a brace
   * pattern of shards is checked when read), so a typo fails the run at its start, not after
   * it.
   *
   * @throws InvalidConfigException naming the command, key and path
   */
  public static void checkInputs(List<EvaluationCommand> commands) {
    for (int i = 0; i < commands.size(); i++) {
      EvaluationCommand c = commands.get(i);
      Map<String, String> paths = new LinkedHashMap<>();
      if (c instanceof EvaluationCommand.ZeroShot z) {
        paths.put("images", z.images());
        paths.put("classes", z.classes());
        paths.put("templates", z.templates());
      } else if (c instanceof EvaluationCommand.LinearProbe l) {
        paths.put("train_images", l.trainImages());
        paths.put("test_images", l.testImages());
      } else if (c instanceof EvaluationCommand.Retrieval r) {
        paths.put("data", r.data());
      } else if (c instanceof EvaluationCommand.Robustness r) {
        r.images().ifPresent(v -> paths.put("images", v));
        for (int k = 0; k < r.shifted().size(); k++) {
          paths.put("shifted[" + k + "].images", r.shifted().get(k).images());
        }
        r.classes().ifPresent(v -> paths.put("classes", v));
        r.templates().ifPresent(v -> paths.put("templates", v));
        for (int k = 0; k < r.baseline().size(); k++) {
          paths.put("baseline[" + k + "]", r.baseline().get(k));
        }
      }
      for (Map.Entry<String, String> p : paths.entrySet()) {
        if (!p.getValue().contains("{") && !Files.exists(Path.of(p.getValue()))) {
          throw InvalidConfigException.of("evaluation.commands[" + i + "]." + p.getKey(),
              "no such file or folder " + p.getValue());
        }
      }
    }
  }

  /** The report section: one row per command with its summary and its JSON file. */
  public static String markdown(List<Outcome> outcomes) {
    StringBuilder md = new StringBuilder("\n## Evaluation commands\n\n")
        .append("| name | type | result | details |\n|---|---|---|---|\n");
    for (Outcome o : outcomes) {
      md.append("| ").append(o.command().name()).append(" | ").append(o.command().type())
          .append(" | ").append(o.summary()).append(" | [").append(FOLDER).append('/')
          .append(o.command().name()).append(".json](").append(FOLDER).append('/')
          .append(o.command().name()).append(".json) |\n");
    }
    return md.toString();
  }

  private static Outcome zeroShot(EvaluationCommand.ZeroShot z, ClipModel model, int batch)
      throws IOException {
    LabelledDataset data = LabelledDataset.open(Path.of(z.images()));
    PromptFiles.Classes named = PromptFiles.classes(Path.of(z.classes()), z.dataset());
    PromptSet prompts = new PromptSet(named.classes(),
        PromptFiles.templates(Path.of(z.templates()), z.dataset()));
    int[] toClass = ZeroShotEvaluation.classMapping(data, named, z.classes());
    ZeroShotReport r = ZeroShotEvaluation.run(model, ZeroShotClassifier.build(model, prompts),
        data, toClass, batch);
    return new Outcome(z, ZeroShotEvaluation.json(r), String.format(Locale.ROOT,
        "top-1 %.4f%s, mean per-class recall %.4f on %d images", r.top1(),
        r.top5().isPresent() ? String.format(Locale.ROOT, ", top-5 %.4f",
            r.top5().getAsDouble()) : "", r.meanPerClassRecall(), r.images()));
  }

  private static Outcome linearProbe(EvaluationCommand.LinearProbe l, ClipModel model,
      int batch) throws IOException {
    LinearProbe.Outcome o = LinearProbeEvaluation.run(model,
        LabelledDataset.open(Path.of(l.trainImages())),
        LabelledDataset.open(Path.of(l.testImages())),
        l.preProjection() ? ImageOutput.PRE_PROJECTION : ImageOutput.EMBEDDING, l.l2(),
        l.valFraction(), batch);
    return new Outcome(l, LinearProbeEvaluation.json(o, List.of()), String.format(Locale.ROOT,
        "accuracy %.4f (l2 %.3g%s)", o.accuracy(), o.model().lambda(),
        o.model().converged() ? "" : ", not converged"));
  }

  private static Outcome retrieval(EvaluationCommand.Retrieval r, ClipModel model, int batch)
      throws IOException {
    RetrievalEvaluation.Embeddings e = RetrievalEvaluation.embed(model,
        CaptionedDataset.open(Path.of(r.data())), batch);
    Retrieval.Result s = e.score();
    return new Outcome(r, RetrievalEvaluation.json(s, e.images(), e.texts()),
        String.format(Locale.ROOT, "image to text R@1 %.4f, text to image R@1 %.4f (%d images, "
            + "%d texts)", s.imageToTextRecall(1), s.textToImageRecall(1), e.images(),
            e.texts()));
  }

  private static Outcome robustness(EvaluationCommand.Robustness r, ClipModel model,
      String modelName, int batch) throws IOException {
    RobustnessSets sets;
    if (r.synthetic().isPresent()) {
      Optional<List<String>> templates = r.templates().isPresent()
          ? Optional.of(PromptFiles.templates(Path.of(r.templates().get()), Optional.empty()))
          : Optional.empty();
      sets = RobustnessSets.synthetic(r.synthetic().get(), r.shifts(), r.count(), r.seed(),
          templates);
    } else {
      Map<String, Path> shifted = new LinkedHashMap<>();
      r.shifted().forEach(s -> shifted.put(s.name(), Path.of(s.images())));
      sets = RobustnessSets.labelled(Path.of(r.images().orElseThrow()), shifted,
          Path.of(r.classes().orElseThrow()), Path.of(r.templates().orElseThrow()),
          Optional.empty());
    }
    RobustnessEvaluation.Accuracies own = sets.measure(modelName, model, batch);
    List<RobustnessEvaluation.Accuracies> measured = new ArrayList<>(List.of(own));
    List<RobustnessEvaluation.Accuracies> baseline = new ArrayList<>();
    for (String b : r.baseline()) {
      if (b.toLowerCase(Locale.ROOT).endsWith(".json")) {
        baseline.addAll(RobustnessEvaluation.readAccuracies(Path.of(b)));
      } else {
        try (ClipModel m = ClipModel.load(Path.of(b))) {
          RobustnessEvaluation.Accuracies a = sets.measure(b, m, batch);
          measured.add(a);
          baseline.add(a);
        }
      }
    }
    ObjectNode json = baseline.isEmpty() ? Json.object()
        : RobustnessEvaluation.json(RobustnessEvaluation.compare(baseline, List.of(own)));
    RobustnessEvaluation.withAccuracies(json, measured);
    StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
        "in-distribution %.4f", own.inDistribution()));
    own.shifted().forEach((name, acc) -> summary.append(String.format(Locale.ROOT,
        ", %s %.4f", name, acc)));
    if (!baseline.isEmpty()) {
      summary.append("; effective robustness");
      RobustnessEvaluation.compare(baseline, List.of(own)).forEach(s -> summary.append(
          String.format(Locale.ROOT, " %s %+.4f", s.name(),
              s.fit().effectiveRobustness(s.models().get(modelName)))));
    }
    return new Outcome(r, json, summary.toString());
  }
}
