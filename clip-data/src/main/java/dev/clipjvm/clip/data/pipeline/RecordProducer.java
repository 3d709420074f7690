package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.data.source.ResolvedSource;
import dev.clipjvm.clip.data.source.SourceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loader's producer: draws records in order on its own thread, submits each to the worker
 * pool and queues the pending result with the position after it. At most {@code inFlight}
 * results are queued (the back-pressure that keeps memory bounded), and the producer refills in
 * bursts of a batch: it waits until a whole batch was taken, then draws the next batch's
 * records at once. Waking once per batch rather than once per record matters while training:
 * every wake-up of a data thread preempts one of TensorFlow's threads mid-step.
 */
final class RecordProducer implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** A pending result and the position after its record; or the end; or a failure. */
  record Slot(Future<Outcome> outcome, DataPosition position, Throwable failure) {
    boolean isEnd() {
      return outcome == null && failure == null;
    }
  }

  private final List<PartCursor> cursors = new ArrayList<>();
  private final double[] cumulative;
  private final long mixSeed;
  private final SampleWorker worker;
  private final ExecutorService pool;
  private final BlockingQueue<Slot> queue = new LinkedBlockingQueue<>();
  /** Free places among the {@code inFlight} results; taken a batch at a time. */
  private final Semaphore space;
  private final int burst;
  private final Thread thread;
  private final long augmentSeed;
  private long draws;
  private volatile boolean closed;

  RecordProducer(Plan plan, ResolvedSource source, DataPosition start, SampleWorker worker) {
    for (int i = 0; i < source.parts().size(); i++) {
      cursors.add(new PartCursor(source.parts().get(i), i, plan.recordSteps(), plan.epochs(),
          start.parts().get(i)));
    }
    int workers = plan.prefetch().workers();
    int inFlight = plan.prefetch().batches() * plan.batch().size();
    this.cumulative = source.cumulativeProbabilities();
    this.mixSeed = Seeds.mix(plan.seed(), 0x6D69786564L);
    this.augmentSeed = Seeds.mix(plan.seed(), plan.shard().rank(), 0x6175676DL);
    this.draws = start.draws();
    this.worker = worker;
    this.pool = Executors.newFixedThreadPool(workers, r -> daemon(r, "clip-data-worker-"));
    this.burst = Math.min(plan.batch().size(), inFlight);
    this.space = new Semaphore(inFlight);
    this.thread = daemon(this::run, "clip-data-producer-");
  }

  private static Thread daemon(Runnable r, String prefix) {
    Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  void start() {
    thread.start();
  }

  /** The next slot in order, waiting for it; frees its place for the producer. */
  Slot take() throws InterruptedException {
    Slot slot = queue.take();
    space.release();
    return slot;
  }

  private void run() {
    try {
      int granted = 0;
      while (!closed) {
        if (granted == 0) {
          space.acquire(burst);
          granted = burst;
        }
        granted--;
        int part = choosePart();
        PartCursor cursor = cursors.get(part);
        SourceItem item = cursor.next();
        if (item == null) {
          queue.put(new Slot(null, null, null));
          return;
        }
        draws++;
        DataPosition.Part at = cursor.position();
        long seed = Seeds.mix(augmentSeed, part, at.epoch(), at.consumed());
        Future<Outcome> f = item instanceof SourceItem.Bad
            ? CompletableFuture.completedFuture(worker.process(item, seed))
            : pool.submit(() -> worker.process(item, seed));
        queue.put(new Slot(f, position(), null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      if (!closed) {
        try {
          queue.put(new Slot(null, null, e));
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      cursors.forEach(PartCursor::close);
    }
  }

  /** Draw {@code draws} goes to the part its seeded uniform number falls into. */
  private int choosePart() {
    if (cumulative.length == 1) {
      return 0;
    }
    double u = Seeds.unit(mixSeed, draws);
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private DataPosition position() {
    List<DataPosition.Part> parts = new ArrayList<>(cursors.size());
    cursors.forEach(c -> parts.add(c.position()));
    return new DataPosition(draws, parts);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    pool.shutdownNow();
  }
}
