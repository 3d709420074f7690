package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.data.curation.Words;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.source.BadReason;
import dev.clipjvm.clip.data.source.ImageData;
import dev.clipjvm.clip.data.source.RegularFiles;
import dev.clipjvm.clip.data.source.RecordSource;
import dev.clipjvm.clip.data.source.RecordStream;
import dev.clipjvm.clip.data.source.SourceItem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One pass over a source that decodes every image (on {@code threads} workers, a bounded number
 * in flight) and counts samples, bad records by reason, caption lengths in words and image
 * sizes by shorter side. Counts do not depend on thread timing.
 */
public final class DatasetStats {
  private static final int[] WORD_EDGES = {1, 5, 10, 20, 40, 80};
  private static final int[] SIDE_EDGES = {1, 64, 128, 256, 512, 1024};

  private long samples;
  private long captionWords;
  private final long[] wordHistogram = new long[WORD_EDGES.length];
  private final long[] sideHistogram = new long[SIDE_EDGES.length];
  private final Map<BadReason, Long> bad = new EnumMap<>(BadReason.class);

  private DatasetStats() {}

  /** Reads every record of {@code source}, decoding with {@code decoder}. */
  public static DatasetStats of(RecordSource source, BytesDecoder decoder, long maxPixels,
      int threads) throws IOException {
    DatasetStats stats = new DatasetStats();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Semaphore inFlight = new Semaphore(threads * 8);
    try (RecordStream stream = source.open()) {
      while (stream.hasNext()) {
        SourceItem item = stream.next();
        inFlight.acquireUninterruptibly();
        pool.execute(() -> {
          try {
            stats.count(item, decoder, maxPixels);
          } finally {
            inFlight.release();
          }
        });
      }
    } finally {
      pool.shutdown();
      try {
        pool.awaitTermination(1, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return stats;
  }

  private void count(SourceItem item, BytesDecoder decoder, long maxPixels) {
    if (item instanceof SourceItem.Deferred d) {
      item = d.load().get();
    }
    if (item instanceof SourceItem.Bad b) {
      addBad(b.reason());
      return;
    }
    SourceItem.Pair p = (SourceItem.Pair) item;
    try {
      Pixels image = pixels(p.image(), decoder, maxPixels);
      int words = Words.of(p.caption()).size();
      synchronized (this) {
        samples++;
        captionWords += words;
        wordHistogram[bucket(WORD_EDGES, words)]++;
        sideHistogram[bucket(SIDE_EDGES, Math.min(image.width(), image.height()))]++;
      }
    } catch (BadRecordException e) {
      addBad(e.reason());
    }
  }

  private static Pixels pixels(ImageData data, BytesDecoder decoder, long maxPixels)
      throws BadRecordException {
    if (data instanceof ImageData.Rendered r) {
      return r.render().get();
    }
    if (data instanceof ImageData.File f) {
      Optional<RegularFiles.Refusal> refused = RegularFiles.check(f.path());
      if (refused.isPresent()) {
        throw new BadRecordException(refused.get().reason(), refused.get().detail());
      }
      try {
        return decoder.decode(Files.readAllBytes(f.path()), maxPixels);
      } catch (IOException e) {
        throw new BadRecordException(BadReason.UNREADABLE_FILE, "cannot read " + f.path());
      }
    }
    return decoder.decode(((ImageData.Encoded) data).bytes(), maxPixels);
  }

  private synchronized void addBad(BadReason reason) {
    bad.merge(reason, 1L, Long::sum);
  }

  private static int bucket(int[] edges, int value) {
    int b = 0;
    while (b + 1 < edges.length && value >= edges[b + 1]) {
      b++;
    }
    return b;
  }

  private static Map<String, Long> histogram(int[] edges, long[] counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < edges.length; i++) {
      String label = i + 1 < edges.length ? edges[i] + "-" + (edges[i + 1] - 1) : edges[i] + "+";
      out.put(label, counts[i]);
    }
    return out;
  }

  /** Usable samples. */
  public synchronized long samples() {
    return samples;
  }

  /** Bad records by snake_case reason, every reason listed. */
  public synchronized Map<String, Long> bad() {
    return new BadRecordCounts(samples, bad).byKey();
  }

  /** Mean caption length in words over usable samples. */
  public synchronized double meanCaptionWords() {
    return samples == 0 ? 0 : (double) captionWords / samples;
  }

  /** Samples by caption length in words ({@code "5-9"}, ..., {@code "80+"}). */
  public synchronized Map<String, Long> captionWordHistogram() {
    return histogram(WORD_EDGES, wordHistogram);
  }

  /** Samples by the image's shorter side in pixels ({@code "1-63"}, ..., {@code "1024+"}). */
  public synchronized Map<String, Long> imageSideHistogram() {
    return histogram(SIDE_EDGES, sideHistogram);
  }
}
