package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.pretrained.DownloadEvent;
import dev.clipjvm.clip.data.pretrained.DownloadListener;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Renders a download's events on standard error: a progress bar per transfer, notices as lines. */
final class DownloadProgress implements DownloadListener, AutoCloseable {
  private final String task;
  private final PrintStream err;
  private final boolean quiet;
  private ProgressBar bar;

  DownloadProgress(String task, PrintStream err, boolean quiet) {
    this.task = task;
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void on(DownloadEvent event) {
    if (quiet) {
      return;
    }
    if (event instanceof DownloadEvent.Started s) {
      close();
      err.println((s.offset() > 0 ? "resuming at byte " + s.offset() + ": " : "downloading ")
          + s.url());
      bar = new ProgressBarBuilder().setTaskName(task)
          .setInitialMax(s.total().orElse(-1)).startsFrom(s.offset(), Duration.ZERO)
          .setUnit(" MiB", 1 << 20).showSpeed().setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(err))
          .build();
    } else if (event instanceof DownloadEvent.Progress p) {
      if (bar != null) {
        bar.stepTo(p.bytes());
      }
    } else if (event instanceof DownloadEvent.Verifying v) {
      close();
      err.println("checking the SHA-256 of " + v.file());
    } else if (event instanceof DownloadEvent.Notice n) {
      close();
      err.println(n.message());
    }
  }

  /** Ends the current progress bar, if any. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
