package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.data.Stage;
import dev.clipjvm.clip.data.source.RecordSource;
import dev.clipjvm.clip.data.source.RecordStream;
import dev.clipjvm.clip.data.source.SourceItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Walks one source part epoch by epoch: each epoch opens the source and passes its records
 * through the pipeline's record steps in their order: a shard keeps this worker's records
 * (record index modulo world size), a shuffle draws through a buffer seeded by (seed, part,
 * epoch).
 * Its position is (epoch, records consumed in that epoch); opening at a position replays the
 * epoch's order up to it without decoding anything.
 */
final class PartCursor implements AutoCloseable {
  private final RecordSource source;
  private final int part;
  private final List<Stage> steps;
  private final long maxEpochs;
  private long epoch;
  private long consumed;
  private RecordStream stream;
  private Iterator<SourceItem> order;

  PartCursor(RecordSource source, int part, List<Stage> steps, long maxEpochs,
      DataPosition.Part start) {
    this.source = source;
    this.part = part;
    this.steps = List.copyOf(steps);
    this.maxEpochs = maxEpochs;
    this.epoch = start.epoch();
    openEpoch();
    for (long i = 0; i < start.consumed(); i++) {
      if (!order.hasNext()) {
        throw new IllegalArgumentException("data position " + start + " is past the end of epoch "
            + epoch + " of " + source.describe() + " (" + i + " records for this shard)");
      }
      order.next();
    }
    this.consumed = start.consumed();
  }

  /** The next record, moving to the next epoch when one ends; null when all epochs are done. */
  SourceItem next() {
    if (epoch >= maxEpochs) {
      return null;
    }
    if (!order.hasNext()) {
      if (consumed == 0) {
        throw new IllegalStateException(source.describe() + " has no records for "
            + steps.stream().filter(Stage.Shard.class::isInstance).findFirst()
                .map(x -> "shard " + ((Stage.Shard) x).rank() + " of "
                    + ((Stage.Shard) x).worldSize()).orElse("this pipeline"));
      }
      epoch++;
      consumed = 0;
      if (epoch >= maxEpochs) {
        closeStream();
        return null;
      }
      openEpoch();
      if (!order.hasNext()) {
        throw new IllegalStateException(source.describe() + " has no records in epoch " + epoch);
      }
    }
    consumed++;
    return order.next();
  }

  DataPosition.Part position() {
    return new DataPosition.Part(epoch, consumed);
  }

  private void openEpoch() {
    closeStream();
    if (epoch >= maxEpochs) {
      order = java.util.Collections.emptyIterator();
      return;
    }
    try {
      stream = source.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + source.describe() + ": " + e.getMessage(), e);
    }
    Iterator<SourceItem> records = stream;
    for (Stage step : steps) {
      if (step instanceof Stage.Shard s && s.worldSize() > 1) {
        records = new ShardFilter(records, s.rank(), s.worldSize());
      } else if (step instanceof Stage.Shuffle s && s.buffer() > 1) {
        records = new ShuffleBuffer<>(records, s.buffer(), Seeds.mix(s.seed(), part, epoch));
      }
    }
    order = records;
  }

  private void closeStream() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  @Override
  public void close() {
    closeStream();
  }

  /** Keeps the records whose index is {@code rank} modulo {@code worldSize}. */
  private static final class ShardFilter implements Iterator<SourceItem> {
    private final Iterator<SourceItem> in;
    private final int rank;
    private final int world;
    private long index;
    private SourceItem ahead;

    ShardFilter(Iterator<SourceItem> in, int rank, int world) {
      this.in = in;
      this.rank = rank;
      this.world = world;
    }

    @Override
    public boolean hasNext() {
      while (ahead == null && in.hasNext()) {
        SourceItem item = in.next();
        if (index++ % world == rank) {
          ahead = item;
        }
      }
      return ahead != null;
    }

    @Override
    public SourceItem next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SourceItem out = ahead;
      ahead = null;
      return out;
    }
  }
}
