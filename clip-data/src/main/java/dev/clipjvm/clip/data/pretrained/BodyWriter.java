package dev.clipjvm.clip.data.pretrained;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a response body into the partial file, reporting progress, checking free space first,
 * and closing the body when the server stays silent longer than the read timeout (the JDK client
 * has no timeout inside a body).
 */
final class BodyWriter {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final long PROGRESS_STEP = 1 << 20;

  private final URI url;
  private final Path part;
  private final Duration readTimeout;
  private final DownloadListener listener;

  BodyWriter(URI url, Path part, Duration readTimeout, DownloadListener listener) {
    this.url = url;
    this.part = part;
    this.readTimeout = readTimeout;
    this.listener = listener;
  }

  /**
   * Writes {@code body} at {@code offset} of the partial file (0 truncates it).
   *
   * @param total the whole file's size when known; a body ending short of it is an error
   */
  void write(InputStream body, long offset, OptionalLong total) throws PretrainedException {
    if (total.isPresent()) {
      requireSpace(total.getAsLong() - offset);
    }
    listener.on(new DownloadEvent.Started(url, offset, total));
    StandardOpenOption mode =
        offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    AtomicLong lastRead = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "clip-download-watchdog");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, readTimeout.toMillis() / 4);
    watchdog.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastRead.get() > readTimeout.toNanos()) {
        stalled.set(true);
        closeQuietly(body); // wakes the blocked read
      }
    }, period, period, TimeUnit.MILLISECONDS);
    long held = offset;
    try (FileChannel out = open(mode)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      long reported = held;
      while (true) {
        int n = read(body, buffer, held, total, stalled);
        if (n < 0) {
          break;
        }
        lastRead.set(System.nanoTime());
        writeFully(out, buffer, n);
        held += n;
        if (held - reported >= PROGRESS_STEP) {
          listener.on(new DownloadEvent.Progress(held, total));
          reported = held;
        }
      }
      if (stalled.get()) {
        throw stall(held, total);
      }
      if (total.isPresent() && held != total.getAsLong()) {
        throw new NetworkException(url, "the transfer of " + url + " ended after "
            + of(held, total) + "; run again to resume", null);
      }
      out.force(true); // on disk before the file is renamed into place
    } catch (IOException e) {
      throw new CacheException(part, "cannot write " + part + ": " + HttpTransfer.describe(e), e);
    } finally {
      watchdog.shutdownNow();
    }
    listener.on(new DownloadEvent.Progress(held, total));
  }

  private int read(InputStream body, byte[] buffer, long held, OptionalLong total,
      AtomicBoolean stalled) throws NetworkException {
    try {
      int n = body.read(buffer);
      if (n < 0 && stalled.get()) {
        throw stall(held, total);
      }
      return n;
    } catch (IOException e) {
      if (stalled.get()) {
        throw stall(held, total);
      }
      throw new NetworkException(url, "the transfer of " + url + " broke off after "
          + of(held, total) + " (" + HttpTransfer.describe(e) + "); run again to resume", e);
    }
  }

  private NetworkException stall(long held, OptionalLong total) {
    return new NetworkException(url, "no data from " + HttpTransfer.host(url) + " for "
        + readTimeout.toMillis() + " ms after " + of(held, total) + "; run again to resume",
        null);
  }

  private static String of(long held, OptionalLong total) {
    return held + (total.isPresent() ? " of " + total.getAsLong() : "") + " bytes";
  }

  private FileChannel open(StandardOpenOption mode) throws CacheException {
    try {
      return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    } catch (IOException e) {
      throw new CacheException(part, "cannot write " + part + ": " + HttpTransfer.describe(e), e);
    }
  }

  private void writeFully(FileChannel out, byte[] buffer, int n) throws CacheException {
    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
    try {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new CacheException(part, "cannot write " + part + " (disk full?): "
          + HttpTransfer.describe(e), e);
    }
  }

  private void requireSpace(long needed) throws CacheException {
    Path directory = part.toAbsolutePath().getParent();
    try {
      long free = Files.getFileStore(directory).getUsableSpace();
      if (free < needed) {
        throw new CacheException(directory, "disk full: " + url + " needs " + needed
            + " more bytes but " + directory + " has " + free + " free", null);
      }
    } catch (IOException e) {
      throw new CacheException(directory, "cannot check free space in " + directory + ": "
          + HttpTransfer.describe(e), e);
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // The transfer is abandoned; the stall is what gets reported.
    }
  }
}
