package dev.clipjvm.clip.tf.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The training loop stopped early because its {@link TrainingListener#stopRequested listener
 * asked it to} (Ctrl-C on the command line): the last step finished and was checkpointed, so
 * the run resumes from {@link #checkpoint()} exactly.
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The last completed step. */
  private final long step;
  /** The last checkpoint written, if any. */
  private final transient Optional<Path> checkpoint;

  /** Stopped after {@code step} with {@code checkpoint} the last one written. */
  public TrainingStoppedException(long step, Optional<Path> checkpoint) {
    super("training stopped on request after step " + step + "; last checkpoint: "
        + checkpoint.map(Path::toString).orElse("none"));
    this.step = step;
    this.checkpoint = checkpoint;
  }

  /** The last completed step. */
  public long step() {
    return step;
  }

  /** The last checkpoint written (empty when none was: stopped before the first step). */
  public Optional<Path> checkpoint() {
    return checkpoint;
  }
}
