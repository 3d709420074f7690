package dev.clipjvm.clip.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Eval preprocessing rate of {@link InputsBenchmark#preprocess}: 200 generated 500 x 375 JPEGs
 * (written once to {@code java.io.tmpdir/clip-bench-jpegs-500x375}), decode + resize + crop +
 * normalize on the bench's thread count. JPEGs are decoded by the installed fast decoder,
 * clip-tf's {@code TfJpegDecoder} (libjpeg-turbo), as {@code clip preprocess} does.
 */
public final class PreprocessRow implements BenchRow {

  private static final int COUNT = 200;

  @Override
  public String key() {
    return InputsBenchmark.PREPROCESS_KEY;
  }

  @Override
  public String description() {
    return "decode (TensorFlow libjpeg-turbo) + resize + crop + normalize, 200 JPEGs 500x375 to"
        + " 224, median of 5";
  }

  @Override
  public Measurement measure(BenchContext context) throws Exception {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "clip-bench-jpegs-500x375");
    Files.createDirectories(dir);
    if (InputsBenchmark.imageFiles(dir).size() != COUNT) {
      BenchImages.write(dir, COUNT, 500, 375, 1);
    }
    return Measurement.of(InputsBenchmark.preprocess(dir, 224, context.threads()).value(),
        "images/s");
  }
}
