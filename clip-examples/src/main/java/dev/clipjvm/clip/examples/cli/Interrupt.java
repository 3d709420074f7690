package dev.clipjvm.clip.examples.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT, also SIGTERM) during a training run: instead of the JVM ending mid-step, a
 * shutdown hook asks the loop to stop after the current step ({@link #requested}), then holds the
 * exit until the run has written its checkpoint and said where it is ({@link #close}). A
 * checkpoint write is atomic (a temporary folder renamed), so even a run killed outright leaves
 * the last complete checkpoint; this only makes the ordinary Ctrl-C lose no steps.
 */
final class Interrupt implements AutoCloseable {
  /** How long the exit waits for the step in flight and its checkpoint. */
  private static final long WAIT_MINUTES = 30;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Thread hook;

  private Interrupt(String command, PrintStream err) {
    hook = new Thread(() -> {
      requested.set(true);
      err.println(command + ": interrupted; stopping after the current step and writing a "
          + "checkpoint (kill -9 stops at once and loses the steps since the last checkpoint)");
      try {
        released.await(WAIT_MINUTES, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "clip-interrupt");
  }

  /** Installs the hook for {@code command} ({@code clip train}); close it when the run ends. */
  static Interrupt install(String command, PrintStream err) {
    Interrupt i = new Interrupt(command, err);
    Runtime.getRuntime().addShutdownHook(i.hook);
    return i;
  }

  /** Whether Ctrl-C was pressed. */
  boolean requested() {
    return requested.get();
  }

  /** Lets a pending exit go on (everything is written and said) and removes the hook. */
  @Override
  public void close() {
    released.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The exit that the hook held is under way; it ends the JVM now.
    }
  }
}
