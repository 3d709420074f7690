package dev.clipjvm.clip.examples.render;

import dev.clipjvm.clip.tf.train.StepMetrics;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a training run as a progress bar on standard error or (quiet) as one log line every
 * {@code logInterval} steps on {@code err}, and draws its PNG plots with {@link Plots} at the end.
 */
public final class TrainingProgress implements TrainingListener {
  private final boolean quiet;
  private final long logInterval;
  private final PrintStream err;
  private ProgressBar bar;

  /**
   * A listener printing its log lines to {@code err}.
   *
   * @param quiet log lines instead of a progress bar
   * @param logInterval steps between log lines when quiet (the last step is always logged)
   */
  public TrainingProgress(boolean quiet, long logInterval, PrintStream err) {
    if (logInterval < 1) {
      throw new IllegalArgumentException("logInterval must be at least 1, got " + logInterval);
    }
    this.quiet = quiet;
    this.logInterval = logInterval;
    this.err = err;
  }

  @Override
  public void started(long completed, long total) {
    if (!quiet) {
      bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total)
          .startsFrom(completed, Duration.ZERO).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500).setMaxRenderedLength(100).continuousUpdate()
          .setUnit(" steps", 1).build(); // draws on standard error
    }
  }

  @Override
  public void stepped(StepMetrics m, long total) {
    if (bar != null) {
      bar.stepTo(m.step());
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", m.loss()));
    } else if (m.step() % logInterval == 0 || m.step() == total) {
      err.printf(Locale.ROOT, "step %d/%d loss %.4f lr %.2e scale %.2f %.1f pairs/s%n",
          m.step(), total, m.loss(), m.lr(), m.logitScale(), m.pairsPerSecond());
    }
  }

  @Override
  public void dataEnded(long step, long total) {
    finished(); // the bar stops here, so the line below is not drawn over
    err.printf(Locale.ROOT, "step %d/%d: the training data ended (records were skipped), so the "
        + "run ends at step %d%n", step, total, step - 1);
  }

  @Override
  public void finished() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public List<Path> plots(Path dir, List<StepMetrics> steps, Map<String, List<double[]>> evals) {
    return Plots.write(dir, steps, evals);
  }
}
