package dev.clipjvm.clip.data.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV/TSV file with a header row, parsed by commons-csv (quotes, embedded separators and
 * newlines handled); image paths are resolved against the file's folder and read by the worker
 * that decodes them.
 */
public final class CsvRecordSource implements RecordSource {
  private final Path file;
  private final String imageColumn;
  private final String captionColumn;
  private final char separator;

  /** Reads {@code file} with the given columns and separator. */
  public CsvRecordSource(Path file, String imageColumn, String captionColumn, char separator) {
    this.file = file;
    this.imageColumn = imageColumn;
    this.captionColumn = captionColumn;
    this.separator = separator;
  }

  @Override
  public RecordStream open() throws IOException {
    // A lenient decoder: an invalid byte becomes U+FFFD and rejects its row, not the whole file.
    Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8));
    CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(separator).setHeader()
        .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get().parse(reader);
    for (String column : new String[] {imageColumn, captionColumn}) {
      if (!parser.getHeaderMap().containsKey(column)) {
        parser.close();
        throw new SourceFormatException(file + ": no column \"" + column + "\" (columns: "
            + String.join(", ", parser.getHeaderNames()) + ")");
      }
    }
    Path base = file.toAbsolutePath().getParent();
    Iterator<CSVRecord> rows = parser.iterator();
    return new RecordStream() {
      @Override
      public boolean hasNext() {
        try {
          return rows.hasNext();
        } catch (UncheckedIOException e) {
          // Commons CSV parses ahead in hasNext(): a broken quote is the file's fault.
          throw new UncheckedIOException(new SourceFormatException(file + ": malformed CSV ("
              + e.getCause().getMessage() + ")"));
        }
      }

      @Override
      public SourceItem next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        CSVRecord row = rows.next();
        String key = file.getFileName() + ":" + row.getRecordNumber();
        if (!row.isSet(imageColumn) || row.get(imageColumn).isBlank()) {
          return new SourceItem.Bad(key, BadReason.MISSING_IMAGE,
              file + " row " + row.getRecordNumber() + " has no " + imageColumn);
        }
        Captions.Result text = Captions.check(row.isSet(captionColumn) ? row.get(captionColumn)
            : "");
        if (text.problem().isPresent()) {
          return new SourceItem.Bad(key, BadReason.INVALID_CAPTION, file + " row "
              + row.getRecordNumber() + ": " + captionColumn + " " + text.problem().get());
        }
        String caption = text.caption();
        if (caption.isEmpty()) {
          return new SourceItem.Bad(key, BadReason.MISSING_CAPTION,
              file + " row " + row.getRecordNumber() + " has no " + captionColumn);
        }
        return SourceItem.Pair.of(key, new ImageData.File(base.resolve(row.get(imageColumn))),
            caption);
      }

      @Override
      public void close() {
        try {
          parser.close();
        } catch (IOException ignored) {
          // Closing a reader cannot lose data.
        }
      }
    };
  }

  /** The data rows (the header excluded), parsed as a pass would parse them. */
  @Override
  public long count() throws IOException {
    long n = 0;
    try (RecordStream s = open()) {
      while (s.hasNext()) {
        s.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public String describe() {
    return file.toString();
  }
}
