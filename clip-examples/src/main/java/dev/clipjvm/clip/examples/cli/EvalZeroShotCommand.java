package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.examples.render.ConfusionMatrixPng;
import dev.clipjvm.clip.tf.evaluation.ZeroShotEvaluation;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip eval zeroshot}: zero-shot accuracy of a model on labelled images. */
@Command(
    name = "zeroshot",
    mixinStandardHelpOptions = true,
    description = {
        "Measure zero-shot classification on labelled images: every class's prompts (each name "
            + "of the class in each template) are embedded and averaged into one class "
            + "embedding, and each image is assigned the class of highest cosine similarity.",
        "Prints top-1, top-5 (with more than five classes) and mean per-class recall, with the "
            + "per-class table on standard error; --predictions writes one CSV row per image "
            + "(image,label,predicted,score; image relative to DATA) and --confusion the "
            + "confusion matrix as a PNG. JSON keys: top1, top5, mean_per_class_recall, classes "
            + "(class, images, recall), images."})
public final class EvalZeroShotCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Mixin LabelledImagesOption images;

  @Option(names = "--classes", required = true, paramLabel = "FILE",
      description = "Class names: a text file with one name per line in the sorted order of the "
          + "class folders (or of the label ids 0, 1, ...), a JSON object {\"folder_or_label\": "
          + "\"name\" or [\"name\", ...]}, or OpenAI's prompt markdown with --dataset.")
  Path classes;

  @Option(names = "--templates", required = true, paramLabel = "FILE",
      description = "Prompt templates with {} for the class name: one a line, a JSON list, or "
          + "OpenAI's prompt markdown with --dataset.")
  Path templates;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "The section of a markdown --classes or --templates file (CIFAR10, ...).")
  String dataset;

  @Option(names = "--predictions", paramLabel = "OUT.csv",
      description = "Write image,label,predicted,score for every image.")
  Path predictions;

  @Option(names = "--confusion", paramLabel = "OUT.png",
      description = "Write the confusion matrix as a PNG.")
  Path confusion;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "Images encoded per run of the model (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--json", description = "Print one JSON object on one line (keys above).")
  boolean json;

  @Override
  public Integer call() throws IOException, PretrainedException {
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1, got " + batch);
    }
    long t0 = System.nanoTime();
    Optional<String> section = Optional.ofNullable(dataset);
    LabelledDataset data = images.open();
    PromptFiles.Classes named = PromptFiles.classes(classes, section);
    PromptSet prompts;
    try {
      prompts = new PromptSet(named.classes(), PromptFiles.templates(templates, section));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e);
    }
    int[] toClass;
    try {
      toClass = ZeroShotEvaluation.classMapping(data, named, "--classes " + classes);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e);
    }
    ZeroShotReport report;
    try (ClipModel m = model.load()) {
      report = ZeroShotEvaluation.run(m, ZeroShotClassifier.build(m, prompts), data, toClass,
          batch);
    }
    if (predictions != null) {
      writePredictions(predictions, data, report);
    }
    if (confusion != null) {
      ConfusionMatrixPng.write(confusion, report.classes(), report.confusion(),
          "zero-shot " + images.path().getFileName());
    }
    printTable(System.err, report);
    String summary = String.format(Locale.ROOT, "%d images, %d classes: top-1 %.4f%s, mean "
            + "per-class recall %.4f (%.1f s)", report.images(), report.classes().size(),
        report.top1(), report.top5().isPresent()
            ? String.format(Locale.ROOT, ", top-5 %.4f", report.top5().getAsDouble()) : "",
        report.meanPerClassRecall(), (System.nanoTime() - t0) / 1e9);
    PrintStream human = JsonOutput.human(json);
    human.println(summary);
    if (json) {
      JsonOutput.print(ZeroShotEvaluation.json(report));
    }
    return 0;
  }

  private static void printTable(PrintStream err, ZeroShotReport r) {
    int width = Math.max(5, r.classes().stream().mapToInt(String::length).max().orElse(5));
    err.printf(Locale.ROOT, "%-" + width + "s  %7s  %7s%n", "class", "images", "recall");
    for (int c = 0; c < r.classes().size(); c++) {
      err.printf(Locale.ROOT, "%-" + width + "s  %7d  %7s%n", r.classes().get(c), r.support()[c],
          r.support()[c] == 0 ? "-" : String.format(Locale.ROOT, "%.4f", r.recall()[c]));
    }
  }

  private static void writePredictions(Path file, LabelledDataset data, ZeroShotReport r)
      throws IOException {
    StringBuilder csv = new StringBuilder("image,label,predicted,score\n");
    for (int i = 0; i < r.images(); i++) {
      LabelledDataset.Item item = data.items().get(i);
      csv.append(cell(item.name())).append(',')
          .append(cell(r.classes().get(r.labels()[i]))).append(',')
          .append(cell(r.classes().get(r.predicted()[i]))).append(',')
          .append(String.format(Locale.ROOT, "%.6f", r.score()[i])).append('\n');
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  /** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
  static String cell(String s) {
    return s.matches("[^,\"\\r\\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
  }
}
