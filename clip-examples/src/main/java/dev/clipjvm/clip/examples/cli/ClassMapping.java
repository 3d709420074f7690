package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import java.nio.file.Path;
import java.util.List;

/** How the data's labels (folder names, label ids) attach to the classes of a classes file. */
final class ClassMapping {
  private ClassMapping() {}

  /**
   * For each of the data's class keys, the index of its class: by key for a JSON object, by
   * position for a list (the {@code i}-th sorted folder, or label id {@code i}). Keys no image
   * uses need no class.
   */
  static int[] of(LabelledDataset data, PromptFiles.Classes classes, Path file) {
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
          throw new UsageException("--classes " + file + " has no key \"" + keys.get(k)
              + "\", a " + (data.numericKeys() ? "label" : "class") + " of " + data.path());
        }
      }
      return out;
    }
    if (data.numericKeys() ? keys.size() > n : keys.size() != n) {
      throw new UsageException("--classes " + file + " names " + n + " classes but "
          + data.path() + " has " + (data.numericKeys() ? "label ids up to " + (keys.size() - 1)
              : keys.size() + " class folders or labels (" + String.join(", ", keys) + ")"));
    }
    for (int k = 0; k < keys.size(); k++) {
      out[k] = k;
    }
    return out;
  }
}
