package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.IdxSource;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import java.util.List;

/** Ready-made experiments: the built-in demo and Fashion-MNIST. */
public final class ExperimentPresets {
  /** Shape prompts, close to how partial training captions name a shape. */
  public static final List<String> SHAPE_TEMPLATES =
      List.of("a photo of a {}", "a {}", "a picture of a {}");
  /** Colour prompts. */
  public static final List<String> COLOR_TEMPLATES =
      List.of("a {} shape", "a {} object", "a photo of a {} object", "something {}");

  private ExperimentPresets() {}

  /**
   * The demo: a small ViT and text Transformer trained on the built-in synthetic shapes with a
   * BPE vocabulary learned from its captions, scored zero-shot on shape and colour of fresh
   * images and of (shape, colour) combinations never seen in training. Sized for a 2-core CPU.
   *
   * @param steps optimizer steps
   */
  public static Experiment demo(long steps) {
    // 32-pixel images in 8-pixel patches (16 tokens): measured on this project's 2-core CPU,
    // patch 4 (64 tokens) trained 3-4 times slower per pair and learned shape no sooner.
    int image = 32;
    ClipConfig model = ClipConfig.of(128, new VitConfig(image, 8, 128, 3, 64, 4.0),
        new TextConfig(24, 1024, 128, 2, 3), Activation.QUICK_GELU);
    DataConfig data = new DataConfig(SourceConfig.synthetic(0, 1_000_000_000L), image,
        Augmentation.centerCrop(), 0, 0.0);
    long warmup = Math.max(1, Math.min(100, steps / 10));
    TrainingConfig training = new TrainingConfig(64, TrainingLength.steps(steps),
        new AdamWConfig(2e-3, 0.9, 0.98, 1e-6, 0.1), new WarmupCosine(warmup, 0.0),
        Precision.FP32, 1.0, Math.max(1, steps / 2), 2, 50, Math.max(1, steps / 5), 42);
    int n = 500;
    EvaluationConfig eval = new EvaluationConfig(List.of(
        task("shape", Attribute.SHAPE, false, n, SHAPE_TEMPLATES),
        task("color", Attribute.COLOR, false, n, COLOR_TEMPLATES),
        task("shape_held_out_combos", Attribute.SHAPE, true, n, SHAPE_TEMPLATES),
        task("color_held_out_combos", Attribute.COLOR, true, n, COLOR_TEMPLATES)), 250);
    return new Experiment("demo", model, data, new TokenizerConfig.Train(1024, 20_000), training,
        Initialization.scratch(), eval);
  }

  /**
   * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from the IDX files in {@code dir}: captions
   * from templated class names, zero-shot accuracy on the 10,000 test images.
   */
  public static Experiment fashionMnist(String dir, long steps) {
    int image = 28;
    // 7-pixel patches (16 tokens), as the demo's 8-pixel ones: fast on a 2-core CPU.
    ClipConfig model = ClipConfig.of(128, new VitConfig(image, 7, 128, 3, 64, 4.0),
        new TextConfig(16, 1024, 128, 2, 2), Activation.QUICK_GELU);
    List<String> classes = List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal",
        "shirt", "sneaker", "bag", "ankle boot");
    List<String> templates = List.of("a photo of a {}", "a {}", "a picture of a {}",
        "a black and white photo of a {}", "a small photo of a {}");
    DataConfig data = new DataConfig(new IdxSource(dir + "/train-images-idx3-ubyte.gz",
        dir + "/train-labels-idx1-ubyte.gz", classes, templates), image,
        // A shuffle buffer of a sixth of the 60,000 images: a fresh order every epoch.
        Augmentation.centerCrop(), 10_000, 0.0);
    TrainingConfig training = new TrainingConfig(128, TrainingLength.steps(steps),
        new AdamWConfig(1e-3, 0.9, 0.98, 1e-6, 0.1), new WarmupCosine(Math.min(100, steps / 10),
            0.0), Precision.FP32, 1.0, Math.max(1, steps / 4), 2, 25, Math.max(1, steps / 4), 42);
    EvaluationConfig eval = new EvaluationConfig(List.of(new ZeroShotTask("fashion_mnist",
        new LabelledSet.Idx(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz",
            0), classes, templates)), 500);
    return new Experiment("fashion-mnist", model, data, new TokenizerConfig.Train(1024, 1000),
        training, Initialization.scratch(), eval);
  }

  private static ZeroShotTask task(String name, Attribute a, boolean heldOut, int count,
      List<String> templates) {
    return new ZeroShotTask(name, new LabelledSet.Synthetic(a, heldOut, count), a.classNames(),
        templates);
  }
}
