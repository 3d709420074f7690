package dev.clipjvm.clip.tf.experiment;

import java.nio.file.Path;

/**
 * {@code --resume} found a finished run (its report written): there is nothing to do and
 * nothing in the directory was changed. Not a failure for a script that resumes until done; the
 * command line reports it with exit code 0.
 */
public final class RunFinishedException extends RunDirectoryException {
  private static final long serialVersionUID = 1L;

  private final long step;

  /** The run in {@code dir} finished with its checkpoint at {@code step}. */
  public RunFinishedException(Path dir, long step) {
    super("the run in " + dir + " already finished at step " + step + "; nothing to do");
    this.step = step;
  }

  /** The step of the finished run's last checkpoint. */
  public long step() {
    return step;
  }
}
