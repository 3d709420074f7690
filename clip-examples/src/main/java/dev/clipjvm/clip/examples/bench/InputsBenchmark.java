package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.data.image.BicubicResampler;
import dev.clipjvm.clip.data.image.FastJpegDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.image.Window;
import dev.clipjvm.clip.data.image.Preprocessor;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeVocabulary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures tokenization (strings/s) and eval preprocessing (images/s) the way
 * {@code docs/bench/reference_inputs.py} measures the reference, so the two can run back to back:
 * tokenization on one thread with a fresh (cold) word cache and then again warm, after a JIT
 * warm-up on different text; preprocessing decodes, resizes, crops and normalizes every JPEG or
 * PNG of a folder on a pool of threads, after a few seconds of warm-up.
 *
 * <p>Command line: {@code --vocab FILE [--texts FILE | --captions N] [--images DIR] [--size 224]
 * [--threads 2] [--cpu-time] [--write-captions FILE] [--make-jpegs DIR [--count 200]]} or
 * {@code --resize}; prints one JSON object per line with {@code key},
 * {@code what}, {@code value} and {@code unit}.
 */
public final class InputsBenchmark {

  /** JSON key of the cold-cache tokenization rate. */
  public static final String TOKENIZE_KEY = "tokenize_strings_per_s";
  /** JSON key of the preprocessing rate. */
  public static final String PREPROCESS_KEY = "preprocess_images_per_s";
  /** Timed repetitions per measurement; the median is reported. */
  public static final int REPEATS = 5;
  /**
   * Seconds of untimed preprocessing before the timed passes: the JIT compiles the SIMD kernels
   * and the heap grows to its working size in the first few thousand images (the rate climbs
   * for about 3 s here); the figure is meant to be the steady state a long job sees.
   */
  public static final double WARMUP_SECONDS = 3.0;

  /**
   * One measurement.
   *
   * @param key machine-readable name
   * @param what human-readable description
   * @param value the rate
   * @param unit unit of the rate
   */
  public record Result(String key, String what, double value, String unit) {

    /** This result as one JSON line. */
    public String json() {
      return String.format(Locale.ROOT, "{\"key\": \"%s\", \"what\": \"%s\", \"value\": %.2f,"
          + " \"unit\": \"%s\"}", key, what, value, unit);
    }
  }

  private InputsBenchmark() {}

  /**
   * Cold-cache then warm-cache single-thread tokenization rates over {@code texts}: the median
   * of {@link #REPEATS} runs, each with a fresh tokenizer (the machine may be shared and noisy).
   */
  public static List<Result> tokenize(BpeVocabulary vocabulary, List<String> texts) {
    BpeTokenizer warmup = new BpeTokenizer(vocabulary);
    for (String t : BenchCaptions.generate(20_000, 99)) {
      warmup.encode(new StringBuilder(t).reverse().toString());
    }
    double[] cold = new double[REPEATS];
    double[] warm = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      BpeTokenizer tokenizer = new BpeTokenizer(vocabulary);
      cold[r] = texts.size() / seconds(tokenizer, texts);
      warm[r] = texts.size() / seconds(tokenizer, texts);
    }
    return List.of(
        new Result(TOKENIZE_KEY, "BpeTokenizer, first pass (cold cache), 1 thread, median of "
            + REPEATS, median(cold), "strings/s"),
        new Result("tokenize_warm_strings_per_s", "BpeTokenizer, second pass (warm cache),"
            + " 1 thread, median of " + REPEATS, median(warm), "strings/s"));
  }

  private static double seconds(BpeTokenizer tokenizer, List<String> texts) {
    long t0 = System.nanoTime();
    long sink = 0;
    for (String t : texts) {
      sink += tokenizer.encode(t).length;
    }
    if (sink < 0) {
      throw new AssertionError("unreachable");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Eval preprocessing rate over the JPEG and PNG files of {@code folder} on {@code threads}
   * threads: the median of {@link #REPEATS} passes after {@link #WARMUP_SECONDS} of untimed
   * passes. Like the
   * reference script, each worker preprocesses one file at a time and hands back only a
   * checksum, so the arrays are garbage as soon as they are made (a consumer such as an encoder
   * takes them batch by batch; retaining every output would measure the garbage collector).
   */
  public static Result preprocess(Path folder, int size, int threads) throws IOException {
    List<Path> files = imageFiles(folder);
    if (files.isEmpty()) {
      throw new IOException("no .jpg, .jpeg or .png files in " + folder);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Preprocessor preprocessor = Preprocessor.clipEval(size);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "clip-bench-preprocess");
      t.setDaemon(true);
      return t;
    });
    try {
      long warmupEnd = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
      do {
        pass(preprocessor, files, pool);
      } while (System.nanoTime() < warmupEnd);
      double[] rates = new double[REPEATS];
      for (int r = 0; r < REPEATS; r++) {
        long t0 = System.nanoTime();
        pass(preprocessor, files, pool);
        rates[r] = files.size() / ((System.nanoTime() - t0) / 1e9);
      }
      return new Result(PREPROCESS_KEY, "decode + resize + crop + normalize, " + threads
          + " threads, median of " + REPEATS + " after " + WARMUP_SECONDS + " s warm-up, JPEG"
          + " decoder " + jpegDecoder(preprocessor)
          + ", SIMD resize " + (BicubicResampler.simd() ? "on" : "off"), median(rates),
          "images/s");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Preprocesses every file on the pool; the checksum keeps the work from being optimized out. */
  private static void pass(Preprocessor preprocessor, List<Path> files, ExecutorService pool)
      throws IOException {
    List<Future<Float>> futures = new ArrayList<>(files.size());
    for (Path f : files) {
      futures.add(pool.submit(() -> preprocessor.chw(f)[0]));
    }
    float sum = 0;
    try {
      for (Future<Float> f : futures) {
        sum += f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("preprocessing failed: " + e.getCause(), e.getCause());
    }
    if (Float.isInfinite(sum)) {
      throw new IllegalStateException("normalized values cannot be infinite");
    }
  }

  /**
   * Rates by the measuring thread's CPU time instead of the wall clock, which a busy machine
   * distorts less: cold-cache tokenization and single-thread eval preprocessing (images per
   * second per core), each the median of {@link #REPEATS} passes.
   */
  public static List<Result> cpuTime(BpeVocabulary vocabulary, List<String> texts, Path folder,
      int size) throws IOException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Result> out = new java.util.ArrayList<>();
    if (vocabulary != null) {
      tokenize(vocabulary, texts.subList(0, Math.min(100, texts.size()))); // JIT warm-up
      double[] rates = new double[REPEATS];
      for (int r = 0; r < REPEATS; r++) {
        BpeTokenizer tokenizer = new BpeTokenizer(vocabulary);
        long t0 = mx.getCurrentThreadCpuTime();
        for (String t : texts) {
          tokenizer.encode(t);
        }
        rates[r] = texts.size() / ((mx.getCurrentThreadCpuTime() - t0) / 1e9);
      }
      out.add(new Result("tokenize_cpu_strings_per_s", "BpeTokenizer, cold cache, thread CPU"
          + " time, median of " + REPEATS, median(rates), "strings/s"));
    }
    if (folder != null) {
      List<Path> files = imageFiles(folder);
      Preprocessor preprocessor = Preprocessor.clipEval(size);
      for (Path f : files.subList(0, Math.min(8, files.size()))) {
        preprocessor.chw(f);
      }
      double[] rates = new double[REPEATS];
      for (int r = 0; r < REPEATS; r++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (Path f : files) {
          preprocessor.chw(f);
        }
        rates[r] = files.size() / ((mx.getCurrentThreadCpuTime() - t0) / 1e9);
      }
      out.add(new Result("preprocess_cpu_images_per_s", "decode + resize + crop + normalize, one"
          + " thread, thread CPU time, median of " + REPEATS + ", JPEG decoder "
          + jpegDecoder(preprocessor), median(rates), "images/s"));
    }
    return out;
  }

  /**
   * Milliseconds per eval resize of a random 500 x 375 RGB image (to 298 x 224, the centre
   * 224 x 224 window computed), the best of 20 rounds of 200, one thread: SIMD or scalar as
   * {@link BicubicResampler#simd()} says (run with {@code -Dclip.simd=false} for the scalar).
   */
  public static Result resize() {
    byte[] data = new byte[500 * 375 * 3];
    new java.util.SplittableRandom(1).nextBytes(data);
    Pixels image = Pixels.rgb(500, 375, data);
    Window crop = new Window(37, 0, 224, 224);
    double best = Double.MAX_VALUE;
    long sink = 0;
    for (int round = 0; round < 20; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        sink += BicubicResampler.resize(image, 298, 224, crop).data()[i];
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e6 / 200);
    }
    if (sink == Long.MIN_VALUE) {
      throw new AssertionError("unreachable");
    }
    return new Result("resize_ms", "eval resize 500x375 -> 224 window, one thread, best of 20,"
        + " SIMD " + (BicubicResampler.simd() ? "on" : "off"), best, "ms/image");
  }

  /** The JPEG and PNG files directly in {@code folder}, sorted by name. */
  public static List<Path> imageFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
      }).sorted().toList();
    }
  }

  private static String jpegDecoder(Preprocessor preprocessor) {
    return preprocessor.decoder().fastJpeg().map(FastJpegDecoder::name).orElse("imageio");
  }

  /** Runs the measurements named by the arguments and prints them as JSON lines. */
  public static void main(String[] args) throws IOException {
    Path vocab = null;
    Path texts = null;
    Path images = null;
    Path writeCaptions = null;
    int captions = 5000;
    int size = 224;
    int threads = 2;
    Path makeJpegs = null;
    boolean cpuTime = false;
    int count = 200;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--vocab" -> vocab = Path.of(required(args[i], value));
        case "--texts" -> texts = Path.of(required(args[i], value));
        case "--captions" -> captions = Integer.parseInt(required(args[i], value));
        case "--images" -> images = Path.of(required(args[i], value));
        case "--size" -> size = Integer.parseInt(required(args[i], value));
        case "--threads" -> threads = Integer.parseInt(required(args[i], value));
        case "--write-captions" -> writeCaptions = Path.of(required(args[i], value));
        case "--cpu-time" -> {
          cpuTime = true;
          i--;
        }
        case "--resize" -> {
          System.out.println(resize().json());
          return;
        }
        case "--make-jpegs" -> makeJpegs = Path.of(required(args[i], value));
        case "--count" -> count = Integer.parseInt(required(args[i], value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (makeJpegs != null) {
      BenchImages.write(makeJpegs, count, 500, 375, 1);
      System.err.println("wrote " + count + " JPEGs (500x375, quality 90) to " + makeJpegs);
    }
    List<String> lines = texts != null ? readLines(texts) : BenchCaptions.generate(captions, 1);
    if (writeCaptions != null) {
      Files.write(writeCaptions, lines, StandardCharsets.UTF_8);
    }
    if (cpuTime) {
      BpeVocabulary v = vocab == null ? null : BpeVocabulary.openAi(vocab);
      for (Result r : cpuTime(v, lines, images, size)) {
        System.out.println(r.json());
      }
      return;
    }
    if (vocab != null) {
      for (Result r : tokenize(BpeVocabulary.openAi(vocab), lines)) {
        System.out.println(r.json());
      }
    }
    if (images != null) {
      System.out.println(preprocess(images, size, threads).json());
    }
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static List<String> readLines(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }
}
