package dev.clipjvm.clip.tf.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Hears a training run as it goes. How a run is shown (a progress bar, log lines, plots) is the
 * application's choice: the library calls these hooks and renders nothing itself, so its class
 * path carries no terminal or charting library. Every method has a do-nothing default.
 */
public interface TrainingListener {
  /** A listener that shows nothing and writes no plots. */
  TrainingListener NONE = new TrainingListener() {};

  /** The loop starts after {@code completed} of {@code total} steps (non-zero on a resume). */
  default void started(long completed, long total) {}

  /** Step {@code m.step()} of {@code total} finished with these metrics. */
  default void stepped(StepMetrics m, long total) {}

  /**
   * The training data ended before step {@code step} of {@code total} (a length in epochs whose
   * source skipped bad records), so the run ends at step {@code step - 1}.
   */
  default void dataEnded(long step, long total) {}

  /**
   * Asked after every step: true stops the run there (a checkpoint of that step is written
   * first) with {@link TrainingStoppedException}. The command line answers true after Ctrl-C.
   */
  default boolean stopRequested() {
    return false;
  }

  /** The loop ended, normally or by an exception. */
  default void finished() {}

  /**
   * Draws the run's metrics as images in {@code dir} after training; the report links the files
   * returned.
   *
   * @param steps the metrics of every step of the run (a resumed run's earlier steps too)
   * @param evals evaluation metric name to its {@code (step, value)} points
   * @return the files written (none by default)
   */
  default List<Path> plots(Path dir, List<StepMetrics> steps, Map<String, List<double[]>> evals) {
    return List.of();
  }
}
