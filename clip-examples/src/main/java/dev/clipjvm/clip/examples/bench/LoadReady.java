package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.tf.inference.ClipEncoder;
import java.nio.file.Path;

/**
 * Times checkpoint loading for {@code docs/bench/load-time.sh}: seconds from a start stamp taken
 * by the shell before the JVM started to the first ready {@link ClipEncoder}, then the time of
 * each further load in the same process.
 *
 * <p>Usage: {@code LoadReady START_EPOCH_SECONDS CHECKPOINT REPS}; prints {@code fresh_ready S}
 * and {@code in_process S S ...}.
 */
public final class LoadReady {
  private LoadReady() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LoadReady START_EPOCH_SECONDS CHECKPOINT REPS");
      System.exit(2);
    }
    double start = Double.parseDouble(args[0]);
    Path checkpoint = Path.of(args[1]);
    int reps = Integer.parseInt(args[2]);
    StringBuilder again = new StringBuilder("in_process");
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      // Only the load is timed; the encoder is closed unused.
      ClipEncoder.load(checkpoint).close();
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (r == 0) {
        System.out.printf("fresh_ready %.2f%n", System.currentTimeMillis() / 1e3 - start);
      } else {
        again.append(String.format(" %.2f", seconds));
      }
    }
    System.out.println(again);
  }
}
