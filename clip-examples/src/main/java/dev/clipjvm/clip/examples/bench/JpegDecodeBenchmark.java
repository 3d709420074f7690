package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.tf.data.TfJpegDecoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Compares JPEG decoding through ImageIO (the JDK's libjpeg, the default) with
 * {@link TfJpegDecoder} (TensorFlow's libjpeg-turbo) on a folder of JPEGs: thread CPU time per
 * image of each, passes alternating, and how many images decode to different pixels.
 *
 * <p>Usage: {@code JpegDecodeBenchmark --images DIR [--repeats 12]}; prints JSON lines.
 */
public final class JpegDecodeBenchmark {

  private JpegDecodeBenchmark() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws IOException {
    Path dir = null;
    int repeats = 12;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--images" -> dir = Path.of(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null || repeats < 1) {
      throw new IllegalArgumentException("usage: JpegDecodeBenchmark --images DIR [--repeats N]");
    }
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
          .sorted().toList()) {
        files.add(Files.readAllBytes(p));
      }
    }
    if (files.isEmpty()) {
      throw new IOException("no .jpg or .jpeg files in " + dir);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ImageDecoder imageIo = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, Optional.empty());
    try (TfJpegDecoder tfDecoder = new TfJpegDecoder()) {
      ImageDecoder tf = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, Optional.of(tfDecoder));
      int differing = 0;
      for (byte[] f : files) {
        Pixels a = imageIo.decode(f, "a");
        Pixels b = tf.decode(f, "b");
        differing += a.width() == b.width() && Arrays.equals(a.data(), b.data()) ? 0 : 1;
      }
      double[] ioMs = new double[repeats];
      double[] tfMs = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        ioMs[r] = msPerImage(imageIo, files, mx);
        tfMs[r] = msPerImage(tf, files, mx);
      }
      report("imageio", ioMs, files.size());
      report("tensorflow", tfMs, files.size());
      System.out.printf(Locale.ROOT, "{\"images\": %d, \"differing_images\": %d}%n",
          files.size(), differing);
    }
  }

  private static double msPerImage(ImageDecoder decoder, List<byte[]> files, ThreadMXBean mx)
      throws IOException {
    long t0 = mx.getCurrentThreadCpuTime();
    for (byte[] f : files) {
      decoder.decode(f, "bench");
    }
    return (mx.getCurrentThreadCpuTime() - t0) / 1e6 / files.size();
  }

  private static void report(String decoder, double[] ms, int images) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "{\"decoder\": \"%s\", \"images\": %d, \"cpu_ms_per_image_min\":"
        + " %.3f, \"cpu_ms_per_image_median\": %.3f}%n", decoder, images, sorted[0],
        sorted[sorted.length / 2]);
  }
}
