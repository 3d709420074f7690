package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.data.pipeline.BatchSource;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks the source for the next batches on a background thread while the current step runs; the
 * batch sequence is the same as calling the source directly, only earlier. (The clip-data
 * loader decodes on its own workers; this thread only assembles its batches, so a step never
 * waits for that either.)
 */
final class Prefetcher implements AutoCloseable {
  private final BatchSource source;
  private final int size;
  private final int depth;
  private final ExecutorService pool;
  private final ArrayDeque<Future<Optional<Batch>>> ahead = new ArrayDeque<>();
  private long nextPosition;

  Prefetcher(BatchSource source, int size, long startPosition, int depth) {
    this.source = source;
    this.size = size;
    this.depth = depth;
    this.nextPosition = startPosition;
    this.pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "clip-prefetch");
      t.setDaemon(true);
      return t;
    });
    fill();
  }

  /** The next batch in order, waiting if it is not ready; empty once the data has ended. */
  Optional<Batch> next() {
    Future<Optional<Batch>> f = ahead.removeFirst();
    fill();
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
    }
  }

  private void fill() {
    while (ahead.size() < depth) {
      long p = nextPosition;
      ahead.addLast(pool.submit(() -> source.batch(p, size)));
      nextPosition += size;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
