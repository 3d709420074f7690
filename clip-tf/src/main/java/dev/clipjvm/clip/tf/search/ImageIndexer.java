package dev.clipjvm.clip.tf.search;

import dev.clipjvm.clip.api.model.InvalidInputException;
import dev.clipjvm.clip.tf.inference.ClipModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Adds the images of folders to an {@link ImageIndex}: files already indexed or already found
 * unreadable are skipped, unreadable files are recorded with the reason, and the index is
 * written after every {@value #FLUSH} images, so an interrupted run resumes where it stopped.
 * Images go through {@link ClipModel#preprocessor()} (the model's own eval transform and
 * normalization, as in every other command that embeds images) and
 * {@link ClipModel#embedPreprocessed}.
 */
public final class ImageIndexer {
  /** File extensions taken as images (lower case). */
  public static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp");

  /** Images embedded between two writes of the index. */
  static final int FLUSH = 256;
  /** Images decoded and embedded together. */
  private static final int BATCH = 64;

  private ImageIndexer() {}

  /**
   * What a run would do.
   *
   * @param pending image files not yet in the index, sorted
   * @param indexed files found that the index already holds
   * @param failedBefore files found that an earlier run could not read
   */
  public record Plan(List<Path> pending, int indexed, int failedBefore) {}

  /**
   * What a run did.
   *
   * @param index the index after the run (also written to disk)
   * @param added images embedded
   * @param failed files that could not be read, as {@code path<TAB>reason}
   */
  public record Outcome(ImageIndex index, int added, List<String> failed) {}

  /** The image files under {@code dirs} (recursively) and which of them {@code index} lacks. */
  public static Plan plan(ImageIndex index, List<Path> dirs) throws IOException {
    Set<String> done = new HashSet<>(index.images());
    Set<String> bad = new HashSet<>();
    index.failed().forEach(line -> bad.add(line.substring(0, line.indexOf('\t'))));
    List<Path> pending = new ArrayList<>();
    int indexed = 0;
    int failedBefore = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new InvalidInputException(dir + " is not a directory");
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        // Not only regular files: a FIFO or device with an image's name is refused by the
        // decoder without being opened and recorded among the failures, not skipped silently.
        files = walk.filter(p -> !Files.isDirectory(p)).filter(ImageIndexer::isImage)
            .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
      }
      for (Path f : files) {
        String key = f.toString();
        if (done.contains(key)) {
          indexed++;
        } else if (bad.contains(key)) {
          failedBefore++;
        } else if (done.add(key)) { // the same file reached through two folders counts once
          pending.add(f);
        }
      }
    }
    return new Plan(List.copyOf(pending), indexed, failedBefore);
  }

  /**
   * Embeds {@code pending} with {@code model}, appending to {@code index} and writing it to
   * {@code out} as it goes; {@code progress} receives the number of files handled after each
   * batch.
   */
  public static Outcome run(ClipModel model, ImageIndex index, List<Path> pending, Path out,
      IntConsumer progress) throws IOException {
    if (model.config().embedDim() != index.model().embedDim()) {
      throw new InvalidInputException("the model embeds in " + model.config().embedDim()
          + " dimensions, the index in " + index.model().embedDim());
    }
    List<String> allFailed = new ArrayList<>();
    int added = 0;
    int sinceWrite = 0;
    for (int start = 0; start < pending.size(); start += BATCH) {
      List<Path> part = pending.subList(start, Math.min(pending.size(), start + BATCH));
      float[][] chw = new float[part.size()][];
      String[] errors = new String[part.size()];
      // Decoding and resizing dominate on small models: spread them over the cores. Each image
      // is transformed as soon as it is decoded, so memory holds model-sized arrays, not photos.
      IntStream.range(0, part.size()).parallel().forEach(i -> {
        try {
          if (part.get(i).toString().contains("\n")) {
            throw new IOException("the path holds a line break");
          }
          chw[i] = model.preprocessor().chw(part.get(i));
        } catch (IOException | RuntimeException e) {
          errors[i] = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
      });
      List<String> ok = new ArrayList<>();
      List<float[]> images = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < part.size(); i++) {
        if (errors[i] == null) {
          ok.add(part.get(i).toString());
          images.add(chw[i]);
        } else {
          failed.add(part.get(i) + "\t" + errors[i].replaceAll("[\\t\\r\\n]+", " "));
        }
      }
      float[][] embeds = images.isEmpty() ? new float[0][] : model.embedPreprocessed(images);
      index = index.append(ok, embeds, failed);
      allFailed.addAll(failed);
      added += ok.size();
      sinceWrite += part.size();
      if (sinceWrite >= FLUSH) {
        index.write(out);
        sinceWrite = 0;
      }
      progress.accept(part.size());
    }
    index.write(out);
    return new Outcome(index, added, List.copyOf(allFailed));
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
  }
}
