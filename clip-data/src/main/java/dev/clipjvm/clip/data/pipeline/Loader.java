package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.data.Stage;
import dev.clipjvm.clip.data.source.ResolvedSource;
import dev.clipjvm.clip.data.source.Sources;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs a {@link DataPipeline} as composed (its stages folded in order into a {@link Plan}): a
 * producer thread draws records (mixing, sharding, epochs,
 * shuffling) and hands them to a bounded pool of workers (decode, augment, tokenize); the
 * caller's thread takes the results in sequence order and groups them into {@link Batch}es.
 * At most {@code prefetch.batches * batch.size} records are in flight, so memory is bounded.
 * For a given pipeline and start position the batches are always the same.
 *
 * <pre>{@code
 * try (Loader loader = Loader.open(pipeline, codecs, DataPosition.start(1))) {
 *   while (loader.hasNext()) { Batch b = loader.next(); ... save b.position() with checkpoints }
 * }
 * }</pre>
 */
public final class Loader implements Iterator<Batch>, AutoCloseable {
  /** Bad-record fraction is enforced once this many records were seen, and at the end. */
  static final int MIN_RECORDS_FOR_BAD_CHECK = 100;

  private final int batchSize;
  private final boolean dropLast;
  private final int imageSize;
  private final int contextLength;
  private final double maxBadFraction;
  private final RecordProducer producer;
  private BadRecordCounts counts = BadRecordCounts.none();
  private DataPosition position;
  private Batch pending;
  private boolean finished;
  private long waitNanos;

  private Loader(Plan plan, SampleCodecs codecs, ResolvedSource source, DataPosition start) {
    this.batchSize = plan.batch().size();
    this.dropLast = plan.batch().dropLast();
    this.imageSize = plan.augment().imageSize();
    this.contextLength = plan.contextLength();
    this.maxBadFraction = plan.decode().maxBadFraction();
    this.position = start;
    SampleWorker worker = new SampleWorker(codecs, plan.decode().maxPixels(), imageSize,
        plan.augment().augmentation(), contextLength);
    this.producer = new RecordProducer(plan, source, start, worker);
  }

  /** Opens {@code pipeline} (its source resolved by {@link Sources}) at {@code start}. */
  public static Loader open(DataPipeline pipeline, SampleCodecs codecs, DataPosition start) {
    return open(pipeline, codecs, resolve(pipeline), start);
  }

  /** Opens {@code pipeline} from the beginning. */
  public static Loader open(DataPipeline pipeline, SampleCodecs codecs) {
    ResolvedSource source = resolve(pipeline);
    return open(pipeline, codecs, source, DataPosition.start(source.parts().size()));
  }

  /** The record sources of {@code pipeline}, generated images rendered for its augment stage. */
  public static ResolvedSource resolve(DataPipeline pipeline) {
    Stage.Augment augment = Plan.of(pipeline).augment();
    return Sources.resolve(pipeline.source(), augment.imageSize(), augment.augmentation());
  }

  /** Opens {@code pipeline} over already resolved source parts at {@code start}. */
  public static Loader open(DataPipeline pipeline, SampleCodecs codecs, ResolvedSource source,
      DataPosition start) {
    if (start.parts().size() != source.parts().size()) {
      throw new IllegalArgumentException("data position has " + start.parts().size()
          + " parts but the source has " + source.parts().size());
    }
    Loader loader = new Loader(Plan.of(pipeline), codecs, source, start);
    loader.producer.start();
    return loader;
  }

  @Override
  public boolean hasNext() {
    if (pending == null && !finished) {
      pending = assemble();
    }
    return pending != null;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Batch out = pending;
    pending = null;
    return out;
  }

  /** Records seen and skipped so far (taken in order, so also deterministic). */
  public BadRecordCounts badRecords() {
    return counts;
  }

  /**
   * Seconds the caller's thread has waited for records so far (time blocked on the producer and
   * the workers); near zero when the loader keeps up with training.
   */
  public double waitSeconds() {
    return waitNanos / 1e9;
  }

  /** The position after the last batch returned by {@link #next()}. */
  public DataPosition position() {
    return position;
  }

  private Batch assemble() {
    List<Outcome.Sample> samples = new ArrayList<>(batchSize);
    DataPosition after = position;
    String lastBad = "";
    while (samples.size() < batchSize) {
      long t0 = System.nanoTime();
      RecordProducer.Slot slot = take();
      if (slot.isEnd()) {
        waitNanos += System.nanoTime() - t0;
        finished = true;
        checkBad(true, lastBad);
        if (samples.isEmpty() || dropLast) {
          return null;
        }
        break;
      }
      Outcome o = await(slot.outcome());
      waitNanos += System.nanoTime() - t0;
      after = slot.position();
      if (o instanceof Outcome.Sample s) {
        counts = counts.plusGood();
        samples.add(s);
      } else {
        Outcome.Skipped b = (Outcome.Skipped) o;
        counts = counts.plusBad(b.reason());
        lastBad = b.detail();
        checkBad(false, lastBad);
      }
    }
    DataPosition batchPosition = after;
    Batch batch = toBatch(samples, batchPosition);
    position = batchPosition;
    return batch;
  }

  private void checkBad(boolean atEnd, String lastBad) {
    if ((atEnd || counts.seen() >= MIN_RECORDS_FOR_BAD_CHECK)
        && counts.badTotal() > maxBadFraction * counts.seen()) {
      close();
      throw new TooManyBadRecordsException(counts, maxBadFraction, lastBad);
    }
  }

  private Batch toBatch(List<Outcome.Sample> samples, DataPosition after) {
    int n = samples.size();
    int pixels = imageSize * imageSize * 3;
    byte[] images = new byte[n * pixels];
    int[] tokens = new int[n * contextLength];
    List<String> captions = new ArrayList<>(n);
    List<String> keys = new ArrayList<>(n);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      Outcome.Sample s = samples.get(i);
      labels[i] = s.label();
      System.arraycopy(s.pixels(), 0, images, i * pixels, pixels);
      System.arraycopy(s.tokens(), 0, tokens, i * contextLength, contextLength);
      captions.add(s.caption());
      keys.add(s.key());
    }
    return new Batch(n, imageSize, images, contextLength, tokens, captions, keys, labels, after);
  }

  private RecordProducer.Slot take() {
    try {
      RecordProducer.Slot slot = producer.take();
      if (slot.failure() != null) {
        finished = true;
        throw new IllegalStateException("data pipeline failed: " + slot.failure().getMessage(),
            slot.failure());
      }
      return slot;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for data", e);
    }
  }

  private static Outcome await(Future<Outcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for data", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("data worker failed: " + e.getCause(), e.getCause());
    }
  }

  /** Stops the producer and the workers. */
  @Override
  public void close() {
    finished = true;
    producer.close();
  }
}
