package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.api.experiment.EvaluationConfig;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.Initialization;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.train.StepMetrics;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Native-memory soak: resident memory ({@code VmRSS} of {@code /proc/self/status}) sampled over
 * many inference calls or training steps of a small model, to show that no TensorFlow tensor,
 * result or session leaks (a leak grows RSS by its size on every call). Run with a heap that is
 * fully resident from the start ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}), so
 * that RSS changes are native memory, not heap growth; docs/bench/native-memory.sh does.
 *
 * <ul>
 *   <li>{@code inference N}: N calls of {@link ClipModel#embedImage} (decode a PNG, preprocess,
 *       encode) each followed by one {@link ClipModel#embedText}, on the demo-sized model with
 *       random weights and the OpenAI vocabulary.
 *   <li>{@code train N}: a whole {@code clip train} run of N steps of a tiny experiment (synthetic
 *       data through the loader, the trainer, metrics and checkpoints every 500 steps) through
 *       {@link ExperimentRunner}, sampled by a {@link TrainingListener}.
 * </ul>
 *
 * <p>Prints one JSON line per sample ({@code phase}, {@code done}, {@code rss_mib}) and a summary
 * line: RSS after the first tenth (warm-up), at the end, and the growth in between.
 */
public final class NativeMemorySoak {
  private static final int SAMPLES = 20;

  private NativeMemorySoak() {}

  /** Arguments: {@code inference N} or {@code train N}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !List.of("inference", "train").contains(args[0])) {
      System.err.println("usage: NativeMemorySoak inference|train <count>");
      System.exit(2);
    }
    long n = Long.parseLong(args[1]);
    Samples samples = new Samples(args[0], n);
    Path tmp = Files.createTempDirectory("clip-soak-");
    if (args[0].equals("inference")) {
      inference(n, tmp, samples);
    } else {
      train(n, tmp, samples);
    }
    samples.summary();
  }

  private static void inference(long n, Path tmp, Samples samples) throws IOException {
    ClipConfig config = ExperimentPresets.demo(10).model()
        .withText(new TextConfig(77, 49408, 128, 2, 3));
    Path png = tmp.resolve("circle.png");
    BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillOval(8, 6, 30, 28);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
    try (ClipModel model = new ClipModel(ClipEncoder.random(config, 0, 0), BpeTokenizer.openAi(),
        Normalization.CLIP, "random demo-sized model")) {
      samples.sample(0);
      for (long i = 1; i <= n; i++) {
        model.embedImage(png);
        model.embedText("a photo of a red circle number " + i);
        samples.sample(i);
      }
    }
  }

  private static void train(long n, Path tmp, Samples samples) {
    Experiment demo = ExperimentPresets.demo(n);
    ClipConfig model = demo.model().withEmbedDim(32).withVision(new VitConfig(16, 8, 32, 1, 16,
        2.0)).withText(new TextConfig(24, 600, 32, 2, 1));
    Experiment e = new Experiment("soak", model, demo.data().withImageSize(16),
        new TokenizerConfig.Train(600, 500), demo.training().withBatchSize(16)
            .withLength(TrainingLength.steps(n)).withSchedule(new WarmupCosine(10, 0))
            .withCheckpointInterval(500).withEvalInterval(0),
        Initialization.scratch(), new EvaluationConfig(List.of(), 20));
    TrainingListener listener = new TrainingListener() {
      @Override
      public void stepped(StepMetrics m, long total) {
        samples.sample(m.step());
      }
    };
    ExperimentRunner.run(e, new ExperimentRunner.Options(tmp.resolve("run"), false, listener));
  }

  /** RSS samples at {@value #SAMPLES} evenly spaced points (and the start). */
  private static final class Samples {
    private final String phase;
    private final long total;
    private long warm = -1;
    private long last = -1;

    Samples(String phase, long total) {
      this.phase = phase;
      this.total = total;
    }

    void sample(long done) {
      long every = Math.max(1, total / SAMPLES);
      if (done % every != 0 && done != total) {
        return;
      }
      long rss = kib("VmRSS");
      if (warm < 0 && done >= total / 10) {
        warm = rss;
      }
      last = rss;
      System.out.printf(Locale.ROOT, "{\"phase\":\"%s\",\"done\":%d,\"rss_mib\":%.1f}%n", phase,
          done, rss / 1024.0);
    }

    void summary() {
      System.out.printf(Locale.ROOT, "{\"phase\":\"%s\",\"count\":%d,\"rss_after_warmup_mib\":%.1f,"
          + "\"rss_end_mib\":%.1f,\"growth_after_warmup_mib\":%.1f}%n", phase, total,
          warm / 1024.0, last / 1024.0, (last - warm) / 1024.0);
    }
  }

  /** A {@code kB} field of {@code /proc/self/status}. */
  private static long kib(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("/proc/self/status has no " + field);
  }
}
