package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Serving throughput of one loaded encoder ({@code clip bench --serving}): uint8 images per
 * second for each batch size and number of threads calling the same {@link ClipEncoder} at once
 * (each caller sends its own batches; the session's intra-op threads are shared).
 */
public final class ServingSweep {
  private ServingSweep() {}

  /**
   * One measured configuration.
   *
   * @param batch images per call
   * @param callers threads calling at the same time
   * @param imagesPerSecond images encoded per second by all callers together
   * @param medianCallMillis median duration of one call (the latency a caller sees)
   */
  public record Point(int batch, int callers, double imagesPerSecond, double medianCallMillis) {}

  /**
   * Measures every (batch, callers) pair on one encoder of {@code preset} with random weights,
   * each for at least {@code seconds} after one warm-up call per caller.
   */
  public static List<Point> run(String preset, List<Integer> batches, List<Integer> callers,
      int threads, double seconds) throws Exception {
    ClipConfig config = ModelPresets.get(preset);
    int size = config.vision().imageSize();
    int most = Collections.max(callers);
    List<Point> out = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(most);
    try (ClipEncoder enc = ClipEncoder.random(config, 0, threads)) {
      for (int batch : batches) {
        byte[] px = new byte[batch * size * size * 3];
        new Random(batch).nextBytes(px);
        for (int c : callers) {
          out.add(measure(pool, enc, px, batch, c, seconds));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static Point measure(ExecutorService pool, ClipEncoder enc, byte[] px, int batch,
      int callers, double seconds) throws Exception {
    CountDownLatch warm = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    long[] end = new long[1];
    List<Future<List<Double>>> calls = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      calls.add(pool.submit(() -> {
        enc.encodePixels(px, batch);
        warm.countDown();
        go.await();
        List<Double> times = new ArrayList<>();
        // Every caller stops at the same deadline, so the callers overlap for the whole window.
        while (System.nanoTime() < end[0] || times.isEmpty()) {
          long t = System.nanoTime();
          enc.encodePixels(px, batch);
          times.add((System.nanoTime() - t) / 1e6);
        }
        return times;
      }));
    }
    warm.await();
    long start = System.nanoTime();
    end[0] = start + (long) (seconds * 1e9);
    go.countDown();
    List<Double> all = new ArrayList<>();
    for (Future<List<Double>> f : calls) {
      all.addAll(f.get());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Collections.sort(all);
    return new Point(batch, callers, all.size() * (double) batch / elapsed,
        all.get(all.size() / 2));
  }
}
