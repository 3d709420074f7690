package dev.clipjvm.clip.api.json;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where relative paths read with {@link JsonFields#file} resolve: against {@code folder} (a
 * configuration file's folder), except the keys in {@code fromWorkingDirectory} (values given on
 * the command line), which resolve against the working directory. {@link #AS_WRITTEN} leaves
 * them as written.
 *
 * @param folder the folder relative paths start from; empty: leave paths as written
 * @param fromWorkingDirectory key paths whose values (and the values below them) resolve
 *     against the working directory
 */
public record RelativePaths(Optional<Path> folder, Set<String> fromWorkingDirectory) {
  /** Paths as written (text read without a file). */
  public static final RelativePaths AS_WRITTEN = new RelativePaths(Optional.empty(), Set.of());

  /** Copies the key set. */
  public RelativePaths {
    fromWorkingDirectory = Set.copyOf(fromWorkingDirectory);
  }

  /** Relative to {@code file}'s folder, made absolute. */
  public static RelativePaths toFile(Path file, Set<String> fromWorkingDirectory) {
    Path dir = file.toAbsolutePath().getParent();
    return new RelativePaths(Optional.of(dir), fromWorkingDirectory);
  }

  /** {@code value}, read at key path {@code key}, resolved (URLs and absolute paths as given). */
  String resolve(String key, String value) {
    if (folder.isEmpty() || value.isEmpty() || value.contains("://")) {
      return value;
    }
    Path p = Path.of(value);
    if (p.isAbsolute()) {
      return value;
    }
    boolean given = fromWorkingDirectory.stream().anyMatch(k -> key.equals(k)
        || key.startsWith(k + ".") || key.startsWith(k + "["));
    Path base = given ? Path.of("").toAbsolutePath() : folder.get();
    return base.resolve(p).normalize().toString();
  }
}
