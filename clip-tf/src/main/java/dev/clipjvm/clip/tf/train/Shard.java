package dev.clipjvm.clip.tf.train;

/**
 * This process's share of every global batch in a data-parallel run: of the {@code B} pairs of
 * global batch {@code k} (pairs {@code kB .. kB + B - 1}), rank {@code r} of {@code count}
 * reads the {@code B / count} pairs starting at {@code kB + r B / count}. The shares are
 * disjoint and together hold exactly batch {@code k} of a single process, so the run's data
 * position (pairs consumed) stays global and a resume with the same world size continues where
 * every rank left off.
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

  /** Pairs of a global batch of {@code batchSize} this worker reads. */
  public int localSize(int batchSize) {
    if (batchSize % count != 0) {
      throw new IllegalArgumentException("training.batch_size " + batchSize
          + " is not divisible by the " + count + " workers");
    }
    return batchSize / count;
  }

  /**
   * The source seen by this worker: its {@code k}-th local batch (at local position {@code k *
   * localSize}) is its share of global batch {@code k}. The worker reads the whole global batch
   * and keeps its share, so a source that reads a stream sees the same contiguous batches as in
   * a single process (its stream positions stay valid); the cost is that every worker decodes
   * every pair.
   */
  public BatchSource view(BatchSource global, int batchSize) {
    if (count == 1) {
      return global;
    }
    int local = localSize(batchSize);
    return (position, size) -> share(global.batch(position / local * batchSize, batchSize));
  }

  /** This rank's pairs of a global batch. */
  Batch share(Batch whole) {
    int local = whole.size() / count;
    int pixels = whole.imageSize() * whole.imageSize() * 3;
    byte[] p = java.util.Arrays.copyOfRange(whole.pixels(), rank * local * pixels,
        (rank + 1) * local * pixels);
    int[][] t = java.util.Arrays.copyOfRange(whole.tokens(), rank * local, (rank + 1) * local);
    return new Batch(local, whole.imageSize(), p, t);
  }
}
