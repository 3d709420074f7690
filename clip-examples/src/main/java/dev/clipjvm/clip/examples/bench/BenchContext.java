package dev.clipjvm.clip.examples.bench;

/**
 * Settings shared by the rows of one {@code clip bench} run, and the machine's float32 matmul
 * rate (measured on first use by {@link MatmulRow}, and again after the model rows).
 */
public final class BenchContext {
  private final int threads;
  private final double minSeconds;
  private Double matmulGflops;

  /** A context with {@code threads} TensorFlow intra-op threads and a minimum time per row. */
  public BenchContext(int threads, double minSeconds) {
    this.threads = threads;
    this.minSeconds = minSeconds;
  }

  /** Intra-op threads (the peer benchmark's {@code --threads}). */
  public int threads() {
    return threads;
  }

  /** Minimum measuring time per row, in seconds. */
  public double minSeconds() {
    return minSeconds;
  }

  /** The float32 matmul rate in GFLOP/s, measured on first call. */
  public synchronized double matmulGflops() throws Exception {
    if (matmulGflops == null) {
      matmulGflops = MatmulRow.measureGflops(this);
    }
    return matmulGflops;
  }

  /**
   * Measures the matmul rate again and keeps the higher of the two: on a shared machine a
   * single measurement can fall in a busy moment and overstate every fraction of peak.
   */
  public synchronized double remeasureMatmul() throws Exception {
    matmulGflops = Math.max(matmulGflops(), MatmulRow.measureGflops(this));
    return matmulGflops;
  }
}
