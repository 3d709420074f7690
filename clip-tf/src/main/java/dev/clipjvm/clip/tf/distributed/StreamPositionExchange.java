package dev.clipjvm.clip.tf.distributed;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.tf.train.RankPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt64;

/**
 * The collective that gives task 0 every rank's data-stream position at a checkpoint step: two
 * all-gathers of 64-bit integers in one session run, a few dozen bytes per worker.
 *
 * <p>Each rank encodes its position as {@code [1, draws, epoch_0, consumed_0, epoch_1, ...]}
 * (or {@code [0]} without one). Collective gathers need equal shapes, so the first gather
 * exchanges the lengths and every rank pads its vector with zeros to the longest before the
 * second; the lengths then cut the gathered rows apart again.
 */
public final class StreamPositionExchange {
  /** Instance keys, apart from {@link DataParallelLoss}'s. */
  static final int LENGTHS = 5;
  static final int POSITIONS = 6;

  private final Placeholder<TInt64> own;
  private final Operand<TInt64> lengths;
  private final Operand<TInt64> gathered;
  private final int workers;

  /** Builds the exchange in {@code graph} for {@code c}'s group. */
  public StreamPositionExchange(Graph graph, Collectives c) {
    Ops tf = Ops.create(graph).withSubScope("stream_positions");
    own = tf.withName("own").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
    Operand<TInt64> length = tf.reshape(tf.shape(own, TInt64.class), tf.constant(new int[] {1}));
    lengths = c.allGatherLongs(tf, length, LENGTHS);
    Operand<TInt64> pad = tf.math.sub(tf.max(lengths, tf.constant(0)), tf.reshape(length,
        tf.constant(new int[0])));
    Operand<TInt64> padded = tf.concat(List.of(own, tf.fill(tf.reshape(pad,
        tf.constant(new int[] {1})), tf.constant(0L))), tf.constant(0));
    gathered = c.allGatherLongs(tf, padded, POSITIONS);
    workers = c.groupSize();
  }

  /** This exchange run in {@code session} (every rank at the same steps). */
  public RankPositions in(Session session) {
    return position -> exchange(session, position);
  }

  private List<DataPosition> exchange(Session session, Optional<DataPosition> position) {
    long[] mine = encode(position);
    try (TInt64 t = TInt64.tensorOf(Shape.of(mine.length), DataBuffers.of(mine, true, false));
        Result r = session.runner().feed(own, t).fetch(lengths).fetch(gathered).run()) {
      TInt64 ls = (TInt64) r.get(0);
      TInt64 all = (TInt64) r.get(1);
      int width = (int) (all.size() / workers);
      List<DataPosition> out = new ArrayList<>();
      for (int rank = 0; rank < workers; rank++) {
        long[] row = new long[(int) ls.getLong(rank)];
        for (int i = 0; i < row.length; i++) {
          row[i] = all.getLong((long) rank * width + i);
        }
        Optional<DataPosition> p = decode(row);
        if (p.isEmpty()) {
          return List.of();
        }
        out.add(p.get());
      }
      return out;
    }
  }

  /** {@code [1, draws, epoch, consumed, ...]}, or {@code [0]} for no position. */
  static long[] encode(Optional<DataPosition> position) {
    if (position.isEmpty()) {
      return new long[] {0};
    }
    DataPosition p = position.get();
    long[] v = new long[2 + 2 * p.parts().size()];
    v[0] = 1;
    v[1] = p.draws();
    for (int i = 0; i < p.parts().size(); i++) {
      v[2 + 2 * i] = p.parts().get(i).epoch();
      v[3 + 2 * i] = p.parts().get(i).consumed();
    }
    return v;
  }

  /** The inverse of {@link #encode}. */
  static Optional<DataPosition> decode(long[] v) {
    if (v.length < 4 || v[0] != 1) {
      return Optional.empty();
    }
    List<DataPosition.Part> parts = new ArrayList<>();
    for (int i = 2; i + 1 < v.length; i += 2) {
      parts.add(new DataPosition.Part(v[i], v[i + 1]));
    }
    return Optional.of(new DataPosition(v[1], parts));
  }
}
