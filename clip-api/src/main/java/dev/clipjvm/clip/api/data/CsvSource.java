package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;

/**
 * A CSV or TSV file with a header row naming an image-path column and a caption column; image
 * paths are resolved relative to the file's folder.
 *
 * @param path the CSV/TSV file
 * @param imageColumn header of the column holding image paths (open_clip: {@code filepath})
 * @param captionColumn header of the column holding captions (open_clip: {@code title})
 * @param separator field separator, {@code ','} or {@code '\t'}
 */
public record CsvSource(String path, String imageColumn, String captionColumn, char separator)
    implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public CsvSource {
    Problems.requireNonNull(new String[] {"path", "image_column", "caption_column"},
        path, imageColumn, captionColumn);
    new Problems()
        .notBlank("path", path)
        .notBlank("image_column", imageColumn)
        .notBlank("caption_column", captionColumn)
        .check(!imageColumn.equals(captionColumn), "caption_column",
            "\"" + captionColumn + "\" is also the image column")
        .check(separator != '"' && separator != '\n' && separator != '\r', "separator",
            "'" + separator + "' cannot separate fields")
        .throwIfAny();
  }

  @Override
  public String type() {
    return "csv";
  }

  public CsvSource withPath(String v) {
    return new CsvSource(v, imageColumn, captionColumn, separator);
  }

  public CsvSource withImageColumn(String v) {
    return new CsvSource(path, v, captionColumn, separator);
  }

  public CsvSource withCaptionColumn(String v) {
    return new CsvSource(path, imageColumn, v, separator);
  }

  public CsvSource withSeparator(char v) {
    return new CsvSource(path, imageColumn, captionColumn, v);
  }
}
