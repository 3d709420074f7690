package dev.clipjvm.clip.data.source;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * WebDataset naming: a tar entry {@code dir/KEY.ext} belongs to sample {@code dir/KEY}, where
 * {@code KEY} ends at the first dot of the file name and {@code ext} is the rest, lower-cased.
 */
final class WebDatasetKeys {
  /** Image extensions in order of preference when a sample has several. */
  static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "bmp");

  private WebDatasetKeys() {}

  /** The sample key of an entry name. */
  static String key(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.indexOf('.', slash + 1);
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** The extension of an entry name (after the first dot of the file name), lower-cased. */
  static String extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.indexOf('.', slash + 1);
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Why an entry name is unsafe to use, if it is: absolute, drive-qualified or with {@code ..}. */
  static Optional<String> unsafeName(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
      return Optional.of("absolute entry name \"" + name + "\"");
    }
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        return Optional.of("entry name \"" + name + "\" escapes the archive");
      }
    }
    if (n.indexOf('\0') >= 0) {
      return Optional.of("entry name contains a NUL character");
    }
    return Optional.empty();
  }
}
