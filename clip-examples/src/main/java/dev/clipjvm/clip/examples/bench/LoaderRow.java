package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.data.pipeline.LoaderBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data loader alone ({@link LoaderBenchmark}): {@code loader_images_per_s} decodes 256 px
 * JPEG shards into 224 px random resized crops as {@code clip train} does (TensorFlow's
 * libjpeg-turbo decoding, Pillow-exact crop and resize); {@code loader_synthetic_images_per_s} runs the
 * demo's synthetic data pipeline with BPE tokens. Both use every core for decoding.
 */
public final class LoaderRow implements BenchRow {
  private static final int JPEGS = 512;
  private final boolean jpeg;

  /** The JPEG row when {@code jpeg}, else the synthetic row. */
  public LoaderRow(boolean jpeg) {
    this.jpeg = jpeg;
  }

  @Override
  public String key() {
    return jpeg ? "loader_images_per_s" : "loader_synthetic_images_per_s";
  }

  @Override
  public String description() {
    return jpeg ? "loader: " + JPEGS + " 256 px JPEGs in tar shards -> 224 px random resized "
        + "crops, batch 64" : "loader: demo synthetic pipeline (32 px, 24 BPE tokens, batch 128)";
  }

  @Override
  public Measurement measure(BenchContext context) throws Exception {
    int workers = Runtime.getRuntime().availableProcessors();
    if (!jpeg) {
      LoaderBenchmark.Result warm = LoaderBenchmark.synthetic(5, workers);
      int batches = (int) Math.max(10, context.minSeconds() * warm.imagesPerSecond() / 128);
      return Measurement.of(LoaderBenchmark.synthetic(batches, workers).imagesPerSecond(),
          "images/s");
    }
    Path dir = Files.createTempDirectory("clip-bench-loader");
    try {
      String pattern = LoaderBenchmark.writeJpegs(dir, null, JPEGS, 256);
      LoaderBenchmark.Result warm = LoaderBenchmark.jpegShards(pattern, 3, workers);
      int batches = (int) Math.max(8, context.minSeconds() * warm.imagesPerSecond() / 64);
      return Measurement.of(LoaderBenchmark.jpegShards(pattern, batches, workers)
          .imagesPerSecond(), "images/s");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
