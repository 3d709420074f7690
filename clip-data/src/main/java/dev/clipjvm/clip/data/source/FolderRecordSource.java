package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.FolderLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * An image folder: sidecar captions ({@code x.jpg} + {@code x.txt}, any depth) or class folders
 * ({@code root/CLASS/x.jpg}, captioned by a template filled with {@code CLASS} and labelled with
 * the class's index in sorted order). Files are listed once, sorted, so every pass has the same
 * order. An entry that is not a regular file (a FIFO, a device) is a bad record, never opened.
 */
public final class FolderRecordSource implements RecordSource {
  private final Path root;
  private final FolderLayout layout;
  private final List<String> templates;
  private List<Path> images;
  private List<String> classes;

  /** Reads {@code root} with the given layout (templates only for class folders). */
  public FolderRecordSource(Path root, FolderLayout layout, List<String> templates) {
    this.root = root;
    this.layout = layout;
    this.templates = List.copyOf(templates);
  }

  /** The class names of a class-per-folder layout, in label order. */
  public synchronized List<String> classes() throws IOException {
    list();
    return classes;
  }

  private synchronized void list() throws IOException {
    if (images != null) {
      return;
    }
    // Typed, so callers can tell a wrong path from a failing disk.
    if (!Files.exists(root)) {
      throw new java.nio.file.NoSuchFileException(root.toString(), null,
          "image folder does not exist");
    }
    if (!Files.isDirectory(root)) {
      throw new java.nio.file.NotDirectoryException(root.toString());
    }
    try (Stream<Path> walk = Files.walk(root)) {
      // Every entry with an image's name but a directory: a FIFO or device among them is
      // refused by item() without being opened, and counted, not skipped silently.
      images = walk.filter(p -> !Files.isDirectory(p)).filter(FolderRecordSource::isImage)
          .sorted().toList();
    }
    List<String> names = new ArrayList<>();
    if (layout == FolderLayout.CLASS_PER_FOLDER) {
      try (Stream<Path> dirs = Files.list(root)) {
        dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
            .forEach(names::add);
      }
    }
    classes = List.copyOf(names);
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot > 0 && WebDatasetKeys.IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
  }

  @Override
  public RecordStream open() throws IOException {
    list();
    Iterator<Path> it = images.iterator();
    int[] index = {0};
    return new RecordStream() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public SourceItem next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return item(it.next(), index[0]++);
      }

      @Override
      public void close() {}
    };
  }

  private SourceItem item(Path image, int index) {
    String key = root.relativize(image).toString();
    Optional<RegularFiles.Refusal> refused = RegularFiles.check(image);
    if (refused.isPresent()) {
      return new SourceItem.Bad(key, refused.get().reason(), refused.get().detail());
    }
    if (layout == FolderLayout.CLASS_PER_FOLDER) {
      Path rel = root.relativize(image);
      if (rel.getNameCount() < 2) {
        return new SourceItem.Bad(key, BadReason.MISSING_CAPTION,
            image + " is not inside a class folder of " + root);
      }
      String cls = rel.getName(0).toString();
      String caption = templates.get(index % templates.size()).replace("{}", cls);
      return new SourceItem.Pair(key, new ImageData.File(image), caption, "",
          OptionalInt.of(classes.indexOf(cls)));
    }
    String name = image.getFileName().toString();
    Path txt = image.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
    if (!Files.exists(txt)) {
      return new SourceItem.Bad(key, BadReason.MISSING_CAPTION, image + " has no caption " + txt);
    }
    Optional<RegularFiles.Refusal> badText = RegularFiles.check(txt);
    if (badText.isPresent()) {
      return new SourceItem.Bad(key, badText.get().reason(), badText.get().detail());
    }
    try {
      Captions.Result text = Captions.decode(Files.readAllBytes(txt));
      if (text.problem().isPresent()) {
        return new SourceItem.Bad(key, BadReason.INVALID_CAPTION, txt + " " + text.problem().get());
      }
      String caption = text.caption();
      return caption.isEmpty()
          ? new SourceItem.Bad(key, BadReason.MISSING_CAPTION, txt + " is empty")
          : SourceItem.Pair.of(key, new ImageData.File(image), caption);
    } catch (IOException | UncheckedIOException e) {
      return new SourceItem.Bad(key, BadReason.UNREADABLE_FILE, "cannot read " + txt + ": " + e);
    }
  }

  @Override
  public long count() throws IOException {
    list();
    return images.size();
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
