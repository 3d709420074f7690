package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.model.Problems;
import java.util.List;

/**
 * A zero-shot classification task (paper section 3.1.4): each class name is put into every
 * template, the text embeddings are averaged and renormalized, and images are assigned to the
 * most similar class.
 *
 * @param name task name used in reports ({@code shape}, {@code fashion_mnist})
 * @param images the labelled images
 * @param classNames names in label order
 * @param templates prompt templates, each with one {@code {}} for the class name
 */
public record ZeroShotTask(String name, LabelledSet images, List<String> classNames,
    List<String> templates) {

  /** Validates every field and reports all problems at once. */
  public ZeroShotTask {
    classNames = List.copyOf(classNames);
    templates = List.copyOf(templates);
    Problems p = new Problems()
        .check(name != null && name.matches("[A-Za-z0-9_\\-]+"), "name",
            name + " must be letters, digits, '_' or '-'")
        .check(images != null, "images", "is missing")
        .check(classNames.size() >= 2, "class_names", "needs at least 2 classes");
    for (int i = 0; i < templates.size(); i++) {
      p.check(templates.get(i).contains("{}"), "templates[" + i + "]",
          "\"" + templates.get(i) + "\" has no {} placeholder for the class name");
    }
    p.check(!templates.isEmpty(), "templates", "must not be empty");
    if (images instanceof LabelledSet.Synthetic s && s.attribute() != null) {
      p.check(classNames.equals(s.attribute().classNames()), "class_names",
          "must be " + s.attribute().classNames() + " (label order of "
              + s.attribute().name().toLowerCase() + ")");
    }
    p.throwIfAny();
  }

  /** The prompts of one class: every template filled with its name. */
  public List<String> prompts(int classIndex) {
    String c = classNames.get(classIndex);
    return templates.stream().map(t -> t.replace("{}", c)).toList();
  }
}
