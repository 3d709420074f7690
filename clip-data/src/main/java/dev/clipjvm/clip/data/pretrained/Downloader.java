package dev.clipjvm.clip.data.pretrained;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The cache protocol. A verified cached file is returned without any network use. Otherwise,
 * holding the lock file {@code NAME.lock}, bytes go to {@code NAME.part} (kept across failed
 * attempts so the next one resumes), are hashed, and only a file whose SHA-256 matches is
 * renamed to {@code NAME} (an atomic rename in one directory, after its metadata
 * {@code NAME.json} is written). A file that fails its check is deleted, never cached.
 */
final class Downloader {
  private final DownloadSettings settings;
  private final DownloadListener listener;

  Downloader(DownloadSettings settings) {
    this.settings = settings;
    this.listener = settings.listener();
  }

  Download download(PretrainedModel model) throws PretrainedException {
    Path target = settings.cacheDirectory().resolve(model.cacheFile());
    Optional<Download> hit = cached(model, target);
    if (hit.isPresent()) {
      return hit.get();
    }
    Path directory = target.getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new CacheException(directory, "cannot create the cache directory " + directory + ": "
          + HttpTransfer.describe(e), e);
    }
    Path lockFile = sibling(target, ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel, lockFile, target);
      try {
        // Another process may have completed the file before this one took the lock.
        hit = cached(model, target);
        return hit.isPresent() ? hit.get() : fetch(model, target);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new CacheException(lockFile, "cannot use the lock file " + lockFile + ": "
          + HttpTransfer.describe(e), e);
    }
  }

  private static FileLock tryLock(FileChannel channel, Path lockFile, Path target)
      throws CacheException, IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new CacheException(lockFile, "another download of " + target
          + " is in progress (it holds " + lockFile + ")", null);
    }
    return lock;
  }

  private Download fetch(PretrainedModel model, Path target) throws PretrainedException {
    URI url = model.location(settings.baseUrl());
    Path part = sibling(target, ".part");
    Optional<HttpTransfer.StatedHash> stated =
        new HttpTransfer(settings.connectTimeout(), settings.readTimeout(), listener)
            .fetch(url, part);
    listener.on(new DownloadEvent.Verifying(part));
    String actual = hash(part);
    HashSource source;
    Optional<String> expected;
    if (model.hash() instanceof ExpectedHash.Published published) {
      source = HashSource.PUBLISHED;
      expected = Optional.of(published.sha256());
    } else {
      source = stated.map(HttpTransfer.StatedHash::source).orElse(HashSource.FIRST_DOWNLOAD);
      expected = stated.map(HttpTransfer.StatedHash::sha256);
    }
    if (expected.isPresent() && !expected.get().equals(actual)) {
      delete(part);
      throw new ChecksumMismatchException(url, expected.get(), actual, source.description());
    }
    try {
      long bytes = Files.size(part);
      new CacheRecord(model.name(), url.toString(), actual, bytes, source)
          .write(CacheRecord.of(target));
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      return new Download(model, target, actual, bytes, false);
    } catch (IOException e) {
      throw new CacheException(target, "cannot put the verified download in place as " + target
          + ": " + HttpTransfer.describe(e), e);
    }
  }

  /** The cached file if it is present and passes its check; a file that fails is deleted. */
  private Optional<Download> cached(PretrainedModel model, Path target)
      throws CacheException {
    if (!Files.exists(target)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(target)) {
      throw new CacheException(target, target + " is in the cache's way: not a regular file",
          null);
    }
    Optional<String> expected = expected(model, target);
    if (expected.isEmpty()) {
      return Optional.empty();
    }
    listener.on(new DownloadEvent.Verifying(target));
    String actual = hash(target);
    if (actual.equals(expected.get())) {
      return Optional.of(new Download(model, target, actual, size(target), true));
    }
    listener.on(new DownloadEvent.Notice("the cached " + target + " has SHA-256 " + actual
        + ", expected " + expected.get() + "; deleting it and downloading again"));
    delete(target);
    return Optional.empty();
  }

  /** What a cached file is checked against: the published hash, else its recorded one. */
  private Optional<String> expected(PretrainedModel model, Path target) {
    if (model.hash() instanceof ExpectedHash.Published published) {
      return Optional.of(published.sha256());
    }
    Path record = CacheRecord.of(target);
    try {
      return Optional.of(CacheRecord.read(record).sha256());
    } catch (IOException e) {
      listener.on(new DownloadEvent.Notice("the cached " + target + " has no usable record of "
          + "its hash (" + HttpTransfer.describe(e) + "); downloading again"));
      return Optional.empty();
    }
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static String hash(Path file) throws CacheException {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new CacheException(file, "cannot read " + file + ": " + HttpTransfer.describe(e), e);
    }
  }

  private static long size(Path file) throws CacheException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new CacheException(file, "cannot read " + file + ": " + HttpTransfer.describe(e), e);
    }
  }

  private static void delete(Path file) throws CacheException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new CacheException(file, "cannot delete " + file + ": " + HttpTransfer.describe(e), e);
    }
  }
}
