package dev.clipjvm.clip.tf.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.inference.ImageFeatures;
import dev.clipjvm.clip.tf.inference.ImageOutput;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotReport;
import java.io.IOException;
import java.util.List;

/**
 * Zero-shot accuracy of a model on labelled images: the classifier built from class names and
 * templates ({@link ZeroShotClassifier}), the images' embeddings, and the scores
 * ({@link ZeroShotReport}). {@code clip eval zeroshot}, {@code clip eval robustness} and an
 * experiment's evaluation commands all measure through {@link #run}.
 */
public final class ZeroShotEvaluation {
  private ZeroShotEvaluation() {}

  /**
   * Scores {@code model} on {@code data} with {@code classifier}, whose classes the data's class
   * keys map to by {@code toClass} ({@link #classMapping}).
   */
  public static ZeroShotReport run(ClipModel model, ZeroShotClassifier classifier,
      LabelledDataset data, int[] toClass, int batch) throws IOException {
    ImageFeatures f = ImageFeatures.extract(model, data, ImageOutput.EMBEDDING, batch,
        done -> { });
    int[] labels = new int[f.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = toClass[Math.toIntExact(f.labels()[i])];
    }
    return ZeroShotReport.of(classifier, f.features(), labels);
  }

  /** {@link #run} with a classifier built from {@code prompts}, the classes in order. */
  public static ZeroShotReport run(ClipModel model, PromptSet prompts, LabelledDataset data,
      int batch) throws IOException {
    int[] toClass = new int[data.classKeys().size()];
    for (int k = 0; k < toClass.length; k++) {
      toClass[k] = k;
    }
    if (toClass.length > prompts.classes().size()) {
      throw new IllegalArgumentException(data.path() + " has " + toClass.length
          + " classes, the prompts name " + prompts.classes().size());
    }
    return run(model, ZeroShotClassifier.build(model, prompts), data, toClass, batch);
  }

  /**
   * For each of the data's class keys, the index of its class: by key for a JSON object, by
   * position for a list (the {@code i}-th sorted folder, or label id {@code i}). Keys no image
   * uses need no class.
   *
   * @param file the classes file, for messages
   * @throws IllegalArgumentException naming the file and the key or count that does not fit
   */
  public static int[] classMapping(LabelledDataset data, PromptFiles.Classes classes,
      String file) {
    List<String> keys = data.classKeys();
    boolean[] used = new boolean[keys.size()];
    data.items().forEach(item -> used[item.label()] = true);
    int[] out = new int[keys.size()];
    int n = classes.classes().size();
    if (classes.keys().isPresent()) {
      List<String> named = classes.keys().get();
      for (int k = 0; k < keys.size(); k++) {
        out[k] = named.indexOf(keys.get(k));
        if (out[k] < 0 && used[k]) {
          throw new IllegalArgumentException(file + " has no key \"" + keys.get(k)
              + "\", a " + (data.numericKeys() ? "label" : "class") + " of " + data.path());
        }
      }
      return out;
    }
    if (data.numericKeys() ? keys.size() > n : keys.size() != n) {
      throw new IllegalArgumentException(file + " names " + n + " classes but "
          + data.path() + " has " + (data.numericKeys() ? "label ids up to " + (keys.size() - 1)
              : keys.size() + " class folders or labels (" + String.join(", ", keys) + ")"));
    }
    for (int k = 0; k < keys.size(); k++) {
      out[k] = k;
    }
    return out;
  }

  /**
   * The JSON document of a report: {@code top1}, {@code top5} (more than five classes), {@code
   * mean_per_class_recall}, {@code classes} ({@code class}, {@code images}, {@code recall}),
   * {@code images}.
   */
  public static ObjectNode json(ZeroShotReport report) {
    ObjectNode o = Json.object().put("top1", report.top1());
    report.top5().ifPresent(v -> o.put("top5", v));
    o.put("mean_per_class_recall", report.meanPerClassRecall());
    ArrayNode rows = o.putArray("classes");
    for (int c = 0; c < report.classes().size(); c++) {
      ObjectNode row = rows.addObject().put("class", report.classes().get(c))
          .put("images", report.support()[c]);
      if (report.support()[c] > 0) {
        row.put("recall", report.recall()[c]);
      } else {
        row.putNull("recall");
      }
    }
    o.put("images", report.images());
    return o;
  }
}
