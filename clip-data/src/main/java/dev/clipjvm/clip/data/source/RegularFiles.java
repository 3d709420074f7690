package dev.clipjvm.clip.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The check every reader of files named by a folder or CSV makes before opening one: only a
 * regular file is read. Opening a FIFO waits for a writer (a hang), a device such as
 * {@code /dev/zero} never ends, a directory is not an image; such entries are refused by type,
 * without being opened, and counted by reason like other bad records.
 */
public final class RegularFiles {
  private RegularFiles() {}

  /** Why {@code file} is refused, if it is. */
  public record Refusal(BadReason reason, String detail) {}

  /** Empty when {@code file} (links followed) is a regular file, else why it is refused. */
  public static Optional<Refusal> check(Path file) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      boolean link = Files.isSymbolicLink(file);
      return Optional.of(new Refusal(BadReason.UNREADABLE_FILE, link
          ? file + " is a broken symbolic link" : "cannot read " + file + ": " + e));
    }
    if (a.isRegularFile()) {
      return Optional.empty();
    }
    return Optional.of(new Refusal(BadReason.UNSAFE_ENTRY, file + " is not a regular file ("
        + (a.isDirectory() ? "a directory" : "a device, FIFO or socket") + "); not opened"));
  }
}
