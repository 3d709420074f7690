package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeTrainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Loader throughput, for {@code clip bench} and {@code clip data bench}: images per second the
 * loader alone delivers (a) on the built-in synthetic data as the demo trains on it (its image
 * size, augmentation, context and batch size, BPE tokens) and (b) from WebDataset shards of JPEG photos-like images decoded
 * and cropped to training inputs (256 px to 224 px random resized crops).
 */
public final class LoaderBenchmark {

  /**
   * A measurement.
   *
   * @param images images delivered in the timed part
   * @param seconds wall time of the timed part
   */
  public record Result(long images, double seconds) {
    /** Images per second. */
    public double imagesPerSecond() {
      return images / seconds;
    }
  }

  private LoaderBenchmark() {}

  /**
   * Seconds of untimed batches before timing JPEG pipelines: the JIT compiles the SIMD resize
   * and the heap grows to its working size in the first seconds; the figure is the steady state
   * a training run sees.
   */
  public static final double WARMUP_SECONDS = 3.0;

  /** Times {@code batches} batches after {@code warmup} untimed ones. */
  public static Result time(DataPipeline pipeline, SampleCodecs codecs, int warmup,
      int batches) {
    return time(pipeline, codecs, warmup, 0, batches);
  }

  /**
   * Times {@code batches} batches after at least {@code warmup} untimed ones and at least
   * {@code warmupSeconds} of them.
   */
  public static Result time(DataPipeline pipeline, SampleCodecs codecs, int warmup,
      double warmupSeconds, int batches) {
    try (Loader loader = Loader.open(pipeline, codecs)) {
      long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
      for (int i = 0; loader.hasNext() && (i < warmup || System.nanoTime() < warmupEnd); i++) {
        loader.next();
      }
      long images = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < batches && loader.hasNext(); i++) {
        images += loader.next().size();
      }
      return new Result(images, (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * The demo's input pipeline ({@code ExperimentPresets.demo}: synthetic data at its image size
   * and augmentation, its context length and batch size) with a BPE vocabulary of 1000 tokens.
   */
  public static Result synthetic(int batches, int workers) {
    Experiment demo = ExperimentPresets.demo(1000);
    DataConfig data = demo.data();
    SyntheticDataset generator = new SyntheticDataset(SyntheticSpec.of(0, data.imageSize()));
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      captions.add(generator.sample(Split.TRAIN, i).caption());
    }
    BpeTokenizer tokenizer = new BpeTokenizer(BpeTrainer.train(captions, 1000));
    DataPipeline p = data.pipeline(demo.training().batchSize(),
            demo.model().text().contextLength(), 0, 0, 1)
        .prefetch(4, workers);
    return time(p, ClipCodecs.of(tokenizer), 4, batches);
  }

  /** 256 px JPEG shards to 224 px random resized crops, batch 64 (no tokenization). */
  public static Result jpegShards(String pattern, int batches, int workers) {
    return jpegShards(pattern, batches, workers, ClipCodecs.imagesOnly());
  }

  /** {@link #jpegShards(String, int, int)} with the given codecs. */
  public static Result jpegShards(String pattern, int batches, int workers, SampleCodecs codecs) {
    DataPipeline p = DataPipeline.from(SourceConfig.webDataset(pattern)).forever()
        .shuffle(256, 0).decode().augment(224, Augmentation.randomResizedCrop()).batch(64)
        .prefetch(4, workers);
    return time(p, codecs, 2, WARMUP_SECONDS, batches);
  }

  /**
   * Writes {@code count} photo-like {@code side x side} JPEGs (quality 90) as shards
   * {@code dir/bench-NNNNN.tar} and, when {@code filesDir} is given, also as files for the
   * PIL reference. Returns the shard pattern.
   */
  public static String writeJpegs(Path dir, Path filesDir, int count, int side)
      throws IOException {
    if (filesDir != null) {
      Files.createDirectories(filesDir);
    }
    ShardWriter w = new ShardWriter(dir, "bench", 256);
    try (w) {
      for (int i = 0; i < count; i++) {
        byte[] jpg = jpeg(photoLike(side, i));
        w.write(String.format("%06d", i), "jpg", jpg, "benchmark image " + i, "");
        if (filesDir != null) {
          Files.write(filesDir.resolve(String.format("%06d.jpg", i)), jpg);
        }
      }
    }
    return w.pattern();
  }

  /** Smooth gradients, a few soft discs and mild noise: compresses like a small photo. */
  static BufferedImage photoLike(int side, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int[] base = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
    int[] grad = {r.nextInt(-120, 120), r.nextInt(-120, 120), r.nextInt(-120, 120)};
    double[][] discs = new double[5][];
    for (int d = 0; d < discs.length; d++) {
      discs[d] = new double[] {r.nextDouble(side), r.nextDouble(side), 10 + r.nextDouble(side / 3.0),
          r.nextInt(-90, 90), r.nextInt(-90, 90), r.nextInt(-90, 90)};
    }
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          double v = base[c] + grad[c] * (x + y) / (2.0 * side) + r.nextInt(-12, 13);
          for (double[] d : discs) {
            double dist = Math.hypot(x - d[0], y - d[1]);
            v += d[3 + c] / (1 + Math.exp((dist - d[2]) / 3));
          }
          rgb = rgb << 8 | (int) Math.max(0, Math.min(255, v));
        }
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  static byte[] jpeg(BufferedImage img) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
