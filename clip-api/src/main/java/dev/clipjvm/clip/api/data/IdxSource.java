package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;
import java.util.List;

/**
 * MNIST-format (IDX) image and label files, gzip or plain, such as Fashion-MNIST; captions are
 * the templates filled with the label's class name.
 *
 * @param images the IDX3 image file
 * @param labels the IDX1 label file
 * @param classNames the name of each label value, in label order
 * @param templates caption templates with a {@code {}} for the class name
 */
public record IdxSource(String images, String labels, List<String> classNames,
    List<String> templates) implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public IdxSource {
    Problems.requireNonNull(new String[] {"images", "labels", "class_names", "templates"},
        images, labels, classNames, templates);
    classNames = List.copyOf(classNames);
    templates = List.copyOf(templates);
    Problems c = new Problems()
        .notBlank("images", images)
        .notBlank("labels", labels)
        .nonEmpty("class_names", classNames)
        .nonEmpty("templates", templates)
        .templates("templates", templates);
    for (int i = 0; i < classNames.size(); i++) {
      c.notBlank("class_names[" + i + "]", classNames.get(i));
    }
    c.throwIfAny();
  }

  @Override
  public String type() {
    return "idx";
  }

  public IdxSource withImages(String v) {
    return new IdxSource(v, labels, classNames, templates);
  }

  public IdxSource withLabels(String v) {
    return new IdxSource(images, v, classNames, templates);
  }

  public IdxSource withClassNames(List<String> v) {
    return new IdxSource(images, labels, v, templates);
  }

  public IdxSource withTemplates(List<String> v) {
    return new IdxSource(images, labels, classNames, v);
  }
}
