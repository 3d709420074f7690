package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.data.io.DiskFullException;
import dev.clipjvm.clip.tf.train.Checkpoints;
import dev.clipjvm.clip.tf.train.MetricsLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run directory held by one run: accepted (a fresh run needs a directory without checkpoints, a
 * resume needs a checkpoint, the same experiment and an unfinished run) before anything is
 * written, then locked ({@code .lock}, an OS file lock released when the process ends, even by
 * {@code kill -9}) so a second process on the same directory fails at once instead of
 * interleaving checkpoints.
 */
final class RunDirectory implements AutoCloseable {
  static final String LOCK = ".lock";
  static final String EXPERIMENT = "experiment.json";
  static final String REPORT = "report.md";

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private RunDirectory(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Accepts and locks {@code dir} for a run of {@code e}, then removes the temporary folders of
   * checkpoint writes a killed process left behind.
   */
  static RunDirectory open(Path dir, boolean resume, Experiment e, Checkpoints checkpoints) {
    accept(dir, resume, e, checkpoints);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException held) {
        lock = null; // this JVM already runs in the directory
      }
      if (lock == null) {
        throw new RunDirectoryException(dir + " is in use by another run (it holds "
            + dir.resolve(LOCK) + "); wait for it to end or choose another --out directory");
      }
      RunDirectory run = new RunDirectory(dir, channel, lock);
      accept(dir, resume, e, checkpoints); // again, now that no other process can change it
      cleanTemporaries(dir);
      cleanTemporaries(checkpoints.dir());
      return run;
    } catch (IOException ex) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot use run directory " + dir + ": " + ex, ex);
    } catch (RuntimeException ex) {
      closeQuietly(channel);
      throw ex;
    }
  }

  /**
   * Refuses a directory that does not fit the request, reading only: a resume needs a checkpoint
   * and an {@code experiment.json} equal in value to {@code e} (compared parsed, so files written
   * by older versions in another spelling still resume), a fresh run needs no checkpoints.
   */
  private static void accept(Path dir, boolean resume, Experiment e, Checkpoints checkpoints) {
    if (resume && checkpoints.latest().isEmpty()) {
      throw new RunDirectoryException("--resume: no checkpoint in " + checkpoints.dir());
    }
    if (!resume && !checkpoints.complete().isEmpty()) {
      throw new RunDirectoryException(dir + " already holds checkpoints; pass --resume "
          + "to continue that run or choose another --out directory");
    }
    Path file = dir.resolve(EXPERIMENT);
    if (resume && Files.isRegularFile(file)) {
      var stored = ExperimentJson.parseRecorded(file);
      if (stored.isInvalid()) {
        throw new RunDirectoryException("--resume: " + file + " is not a valid experiment ("
            + stored.getError().head().path() + ": " + stored.getError().head().message() + ")");
      }
      // The device says where the run goes on, not what it trains: it may change on a resume.
      var same = stored.get().withTraining(stored.get().training()
          .withDevice(e.training().device()));
      if (!same.equals(e)) {
        throw new RunDirectoryException("--resume: the experiment differs from the one in "
            + file + "; resume with the same configuration");
      }
    }
    if (resume && Files.isRegularFile(dir.resolve(REPORT))) {
      // The report is written last (atomically): its presence marks a finished run.
      long step = Checkpoints.readState(checkpoints.latest().orElseThrow()).step();
      throw new RunFinishedException(dir, step);
    }
  }

  /** Writes {@code experiment.json}; called once the run is accepted and its start is ready. */
  void writeExperiment(String json) {
    Path file = dir.resolve(EXPERIMENT);
    Path temp = dir.resolve(EXPERIMENT + ".tmp-" + System.nanoTime());
    try {
      Files.writeString(temp, json, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw DiskFullException.writing(file, ex);
    }
  }

  /**
   * Cuts the logs back to {@code step}, the checkpoint a resume starts from: the steps after it
   * are trained again and would otherwise appear twice.
   */
  void truncateLogs(long step) {
    MetricsLog.truncate(dir, step);
  }

  /**
   * Removes {@code *.tmp-*} entries of {@code folder}, the remains of writes (checkpoints,
   * {@code experiment.json}, metrics, the model, the report) that a kill interrupted.
   */
  private static void cleanTemporaries(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    List<Path> leftovers;
    try (Stream<Path> s = Files.list(folder)) {
      leftovers = s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
    }
    for (Path p : leftovers) {
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing releases the lock; nothing was written through the channel.
      }
    }
  }

  /** Releases the lock (the file stays: deleting it would race with a waiting process). */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot release " + dir.resolve(LOCK) + ": " + ex, ex);
    }
  }
}
