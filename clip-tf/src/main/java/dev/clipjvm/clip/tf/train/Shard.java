package dev.clipjvm.clip.tf.train;

/**
 * This process's place in a data-parallel run: rank {@code r} of {@code count} reads its share
 * of every global batch (the clip-data source shards the records; the shares of batch {@code k}
 * together are batch {@code k} of a single process), and rank 0 leads: it records metrics,
 * writes checkpoints and evaluates. Data positions (pairs consumed) stay global.
 *
 * @param rank this worker's task index
 * @param count number of workers
 */
public record Shard(int rank, int count) {
  /** A single process: all of every batch. */
  public static final Shard SINGLE = new Shard(0, 1);

  /** Checks the rank. */
  public Shard {
    if (count < 1 || rank < 0 || rank >= count) {
      throw new IllegalArgumentException("shard: rank " + rank + " of " + count + " workers");
    }
  }

  /** Whether this worker writes checkpoints, metrics and reports (rank 0). */
  public boolean leads() {
    return rank == 0;
  }
}
