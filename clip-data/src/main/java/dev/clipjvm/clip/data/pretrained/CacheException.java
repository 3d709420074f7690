package dev.clipjvm.clip.data.pretrained;

import java.nio.file.Path;

/**
 * The cache directory cannot hold the file: it cannot be created or written, the disk is full,
 * a non-file is in the way, or another download of the same file holds its lock.
 */
public final class CacheException extends PretrainedException {
  private final Path path;

  CacheException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The file or directory at fault. */
  public Path path() {
    return path;
  }
}
