package dev.clipjvm.clip.examples.bench;

/**
 * One row of {@code clip bench}: a throughput measured on this machine under a stable JSON key.
 * Add a row by implementing this interface (usually with {@link Timing#itemsPerSecond}) and
 * listing it in {@link BenchRows#all()}.
 */
public interface BenchRow {

  /** The JSON key, {@code snake_case} with its unit ({@code vit_b32_images_per_s}). */
  String key();

  /** One line saying what is measured (model, batch, inputs). */
  String description();

  /** Runs the measurement. */
  Measurement measure(BenchContext context) throws Exception;
}
