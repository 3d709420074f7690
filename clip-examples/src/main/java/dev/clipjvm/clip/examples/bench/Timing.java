package dev.clipjvm.clip.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The measuring protocol of the peer benchmark ({@code docs/bench/reference_throughput.py}): two warm-up calls,
 * then calls until at least {@code minSeconds} and 3 calls have passed; the rate is items per
 * median call time.
 */
public final class Timing {
  private Timing() {}

  /** A call that processes a fixed number of items. */
  @FunctionalInterface
  public interface Call {
    /** Runs once. */
    void run() throws Exception;
  }

  /** {@code items} per median duration of {@code call}. */
  public static double itemsPerSecond(Call call, int items, double minSeconds) throws Exception {
    List<Double> times = times(call, minSeconds);
    int n = times.size();
    double median = n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2;
    return items / median;
  }

  /** {@code items} per fastest duration of {@code call} (for peak rates). */
  public static double peakItemsPerSecond(Call call, int items, double minSeconds)
      throws Exception {
    return items / times(call, minSeconds).get(0);
  }

  /** Sorted durations after two warm-up calls. */
  private static List<Double> times(Call call, double minSeconds) throws Exception {
    call.run();
    call.run();
    List<Double> times = new ArrayList<>();
    long start = System.nanoTime();
    while ((System.nanoTime() - start) / 1e9 < minSeconds || times.size() < 3) {
      long t = System.nanoTime();
      call.run();
      times.add((System.nanoTime() - t) / 1e9);
    }
    Collections.sort(times);
    return times;
  }
}
