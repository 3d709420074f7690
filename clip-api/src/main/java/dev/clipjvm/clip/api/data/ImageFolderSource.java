package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;
import java.util.List;

/**
 * A folder of images, captioned by sidecar text files or by their class folder.
 *
 * @param path the root folder
 * @param layout how captions are found
 * @param templates caption templates with a {@code {}} for the class name; required for
 *     {@link FolderLayout#CLASS_PER_FOLDER} (one per image, chosen by the image's index), unused
 *     for sidecar captions
 */
public record ImageFolderSource(String path, FolderLayout layout, List<String> templates)
    implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public ImageFolderSource {
    Problems.requireNonNull(new String[] {"path", "layout", "templates"}, path, layout, templates);
    templates = List.copyOf(templates);
    Problems c = new Problems().notBlank("path", path).templates("templates", templates);
    if (layout == FolderLayout.CLASS_PER_FOLDER) {
      c.nonEmpty("templates", templates);
    } else {
      c.check(templates.isEmpty(), "templates", "only class_per_folder layouts use templates");
    }
    c.throwIfAny();
  }

  @Override
  public String type() {
    return "image_folder";
  }

  public ImageFolderSource withPath(String v) {
    return new ImageFolderSource(v, layout, templates);
  }

  public ImageFolderSource withLayout(FolderLayout v) {
    return new ImageFolderSource(path, v, templates);
  }

  public ImageFolderSource withTemplates(List<String> v) {
    return new ImageFolderSource(path, layout, v);
  }
}
