package dev.clipjvm.clip.tf.zeroshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes of a zero-shot task and the templates their prompts are made from: class
 * {@code c}'s prompts are every template with {@code {}} replaced by every name of the class.
 *
 * @param classes the classes in label-index order, labels distinct
 * @param templates the templates, each containing {@code {}} at least once
 */
public record PromptSet(List<ZeroShotClass> classes, List<String> templates) {
  /** The paper's default template when no ensemble is given (section 3.1.4). */
  public static final String DEFAULT_TEMPLATE = "a photo of a {}.";

  /** Validates classes and templates, naming the first one at fault. */
  public PromptSet {
    classes = List.copyOf(classes);
    templates = List.copyOf(templates);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("a zero-shot task needs at least one class");
    }
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("a zero-shot task needs at least one template");
    }
    Set<String> seen = new HashSet<>();
    for (ZeroShotClass c : classes) {
      if (!seen.add(c.label())) {
        throw new IllegalArgumentException("class label '" + c.label() + "' appears twice");
      }
    }
    for (String t : templates) {
      if (!t.contains("{}")) {
        throw new IllegalArgumentException("template '" + t + "' has no {} for the class name");
      }
    }
  }

  /** Classes named by their labels, with {@code templates}. */
  public static PromptSet of(List<String> labels, List<String> templates) {
    return new PromptSet(labels.stream().map(ZeroShotClass::of).toList(), templates);
  }

  /** The prompts of class {@code c}: for each name, for each template. */
  public List<String> prompts(int c) {
    List<String> out = new ArrayList<>();
    for (String name : classes.get(c).names()) {
      for (String t : templates) {
        out.add(t.replace("{}", name));
      }
    }
    return out;
  }

  /** The class labels in order. */
  public List<String> labels() {
    return classes.stream().map(ZeroShotClass::label).toList();
  }
}
