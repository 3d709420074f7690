package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.zeroshot.Prediction;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip classify}: zero-shot labels for images. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
        "Classify images zero-shot: each label is turned into prompts with the templates, the "
            + "prompts' text embeddings are averaged per label (prompt ensembling, paper section "
            + "3.1.4), and each image gets every label with its cosine similarity and its "
            + "probability (softmax of the model's logit scale times the cosines).",
        "With --json, one line {\"images\": [{\"image\": PATH, \"predictions\": [{\"label\": L, "
            + "\"score\": COSINE, \"probability\": P}, ...best first]}, ...]}."})
public final class ClassifyCommand implements Callable<Integer> {
  /** File extensions taken from a directory. */
  static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "bmp", "gif");

  @Mixin ModelOptions model;

  @Option(names = "--labels", required = true, paramLabel = "A,B,C",
      description = "The candidate labels, separated by commas.")
  String labels;

  @Option(names = "--templates", paramLabel = "FILE",
      description = "Prompt templates with {} for the label: one a line, a JSON list, or "
          + "OpenAI's prompt markdown with --dataset (default: \"a photo of a {}.\").")
  Path templates;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "The section of a markdown --templates file to use.")
  String dataset;

  @Option(names = "--top", paramLabel = "K", defaultValue = "5",
      description = "Labels printed per image without --json (default: ${DEFAULT-VALUE}); "
          + "--json lists all.")
  int top;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
      description = "Images encoded per run of the model (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--json", description = "Print one JSON document on one line (see above).")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR",
      description = "Image files, or directories whose image files (any depth) are classified.")
  List<Path> inputs;

  @Override
  public Integer call() throws IOException, PretrainedException {
    if (top < 1 || batch < 1) {
      throw new UsageException("--top and --batch must be at least 1, got " + top + " and "
          + batch);
    }
    List<String> names = Arrays.stream(labels.split(",")).map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
    List<String> templateList = templates == null ? List.of(PromptSet.DEFAULT_TEMPLATE)
        : PromptFiles.templates(templates, Optional.ofNullable(dataset));
    PromptSet prompts;
    try {
      prompts = PromptSet.of(names, templateList);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--labels: " + e.getMessage());
    }
    List<Path> images = images(inputs);
    ObjectNode out = Json.object();
    ArrayNode rows = out.putArray("images");
    PrintStream human = JsonOutput.human(json);
    try (ClipModel m = model.load()) {
      ZeroShotClassifier classifier = ZeroShotClassifier.build(m, prompts);
      for (int start = 0; start < images.size(); start += batch) {
        List<Path> part = images.subList(start, Math.min(images.size(), start + batch));
        List<List<Prediction>> ranked = classifier.classify(part);
        for (int i = 0; i < part.size(); i++) {
          ObjectNode row = rows.addObject().put("image", part.get(i).toString());
          ArrayNode preds = row.putArray("predictions");
          for (Prediction p : ranked.get(i)) {
            preds.addObject().put("label", p.label()).put("score", p.score())
                .put("probability", p.probability());
          }
          if (!json) {
            human.println(part.get(i));
            for (Prediction p : ranked.get(i).subList(0, Math.min(top, ranked.get(i).size()))) {
              human.printf(Locale.ROOT, "  %6.2f%%  %-24s cos %.4f%n", 100 * p.probability(),
                  p.label(), p.score());
            }
          }
        }
      }
    }
    if (json) {
      JsonOutput.print(out);
    }
    return 0;
  }

  /** The files given, and the image files under the directories given, sorted per directory. */
  static List<Path> images(List<Path> inputs) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          List<Path> found = walk.filter(Files::isRegularFile).filter(ClassifyCommand::isImage)
              .sorted().toList();
          if (found.isEmpty()) {
            throw new UsageException(p + " holds no image files ("
                + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList()) + ")");
          }
          out.addAll(found);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "no such image file or directory");
      }
    }
    return out;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
  }
}
