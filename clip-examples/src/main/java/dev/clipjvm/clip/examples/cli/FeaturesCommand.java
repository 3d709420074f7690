package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.inference.ImageFeatures;
import dev.clipjvm.clip.tf.inference.ImageOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip features}: image features of a labelled dataset, for linear probes. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
        "Write the image features of a labelled dataset to a safetensors file: 'features' (F32 "
            + "[N, D]) and 'labels' (I64 [N], indices into the sorted class folders or the label "
            + "ids), the input of clip eval linear-probe.",
        "By default the features are the L2-normalized image embeddings; with --pre-projection "
            + "they are the image tower's output before its projection into the joint space, "
            + "which the paper's linear probes use (ViT: the class token after ln_post; "
            + "ModifiedResNet: the attention pool's output before c_proj), unnormalized."})
public final class FeaturesCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Mixin LabelledImagesOption images;

  @Option(names = "--out", required = true, paramLabel = "F.safetensors",
      description = "Where to write the features.")
  Path out;

  @Option(names = "--pre-projection",
      description = "Write the features before the projection instead of the embeddings.")
  boolean preProjection;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "Images encoded per run of the model (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--json", description = "Print one JSON object on one line: out, images, "
      + "width, classes, output and seconds.")
  boolean json;

  @Override
  public Integer call() throws IOException, PretrainedException {
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1, got " + batch);
    }
    long t0 = System.nanoTime();
    LabelledDataset data = images.open();
    ImageOutput output = preProjection ? ImageOutput.PRE_PROJECTION : ImageOutput.EMBEDDING;
    ImageFeatures features;
    try (ClipModel m = model.load()) {
      features = ImageFeatures.extract(m, data, output, batch, done -> { });
    }
    String kind = output.name().toLowerCase(Locale.ROOT);
    features.write(out, Map.of("producer", "clip features", "checkpoint", model.checkpoint,
        "output", kind, "classes", Json.line(Json.mapper().valueToTree(data.classKeys()))));
    double seconds = (System.nanoTime() - t0) / 1e9;
    PrintStream human = JsonOutput.human(json);
    human.printf(Locale.ROOT, "wrote %d x %d %s features of %s (%d classes) to %s in %.1f s%n",
        features.size(), features.width(), kind.replace('_', '-'), images.path(),
        data.classKeys().size(), out, seconds);
    if (json) {
      var o = Json.object().put("out", out.toString()).put("images", features.size())
          .put("width", features.width()).put("output", kind)
          .put("seconds", Math.round(seconds * 100) / 100.0);
      o.set("classes", Json.mapper().valueToTree(data.classKeys()));
      JsonOutput.print(o);
    }
    return 0;
  }
}
