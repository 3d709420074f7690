package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.data.io.DiskFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Checkpoints of a run in one directory: {@code step-00000120/} holds {@code variables.*}
 * (every variable of the graph: weights, optimizer moments, logit scale) and {@code
 * state.json}. A checkpoint is written under a temporary name and renamed atomically when
 * complete, so a crash mid-write never leaves a half-written checkpoint under a real name and
 * the previous one stays loadable; only the newest {@code keep} are kept.
 */
public final class Checkpoints {
  static final String PREFIX = "step-";
  private static final String STATE = "state.json";
  private static final String VARIABLES = "variables";

  private final Path dir;
  private final int keep;

  /** Checkpoints in {@code dir}, keeping the newest {@code keep}. */
  public Checkpoints(Path dir, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep " + keep + " must be at least 1");
    }
    this.dir = dir;
    this.keep = keep;
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** Saves the session's variables and {@code state}; returns the checkpoint directory. */
  public Path save(Session session, CheckpointState state) {
    Path target = dir.resolve(name(state.step()));
    Path temp = dir.resolve(name(state.step()) + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(temp);
      session.save(temp.resolve(VARIABLES).toString());
      StateJson.write(temp.resolve(STATE), state);
      if (Files.exists(target)) {
        deleteTree(target);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
      prune();
      return target;
    } catch (IOException | TensorFlowException e) {
      // TensorFlow reports a full disk as "resource exhausted" with an out-of-memory hint.
      removeQuietly(temp);
      if (DiskFullException.reports(e)) {
        throw DiskFullException.writing(target, e);
      }
      if (e instanceof TensorFlowException tf) {
        throw tf;
      }
      throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e,
          (IOException) e);
    }
  }

  /** Removes the remains of a failed write (a kill leaves them to the next run to remove). */
  private static void removeQuietly(Path temp) {
    try {
      if (Files.exists(temp)) {
        deleteTree(temp);
      }
    } catch (IOException | UncheckedIOException ignored) {
      // What cannot be removed now is removed by the next run on the directory.
    }
  }

  /** The newest complete checkpoint, if any. Unfinished temporary directories are ignored. */
  public Optional<Path> latest() {
    List<Path> all = complete();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Restores the variables of checkpoint {@code checkpoint} into the session and returns its
   * state (read first, so a bad {@code state.json} fails before any variable changes).
   */
  public static CheckpointState restore(Session session, Path checkpoint) {
    if (!Files.isRegularFile(checkpoint.resolve(STATE))) {
      throw new IllegalArgumentException(checkpoint + " is not a checkpoint: no " + STATE);
    }
    CheckpointState state = readState(checkpoint);
    session.restore(checkpoint.resolve(VARIABLES).toString());
    return state;
  }

  /** The {@code state.json} file of checkpoint directory {@code checkpoint}. */
  public static Path stateFile(Path checkpoint) {
    return checkpoint.resolve(STATE);
  }

  /**
   * Reads the state of checkpoint directory {@code checkpoint}; bad content fails with an
   * {@link IllegalArgumentException} naming the file and every bad key.
   */
  public static CheckpointState readState(Path checkpoint) {
    return StateJson.read(checkpoint.resolve(STATE));
  }

  /** Complete checkpoints, oldest first. */
  public List<Path> complete() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e, e);
    }
  }

  private void prune() throws IOException {
    List<Path> all = new ArrayList<>(complete());
    while (all.size() > keep) {
      deleteTree(all.remove(0));
    }
  }

  private static String name(long step) {
    return String.format("%s%08d", PREFIX, step);
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
