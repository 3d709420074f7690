package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.data.source.CaptionedDataset;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.evaluation.RetrievalEvaluation;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.transfer.Retrieval;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip eval retrieval}: recall@K between image and text features. */
@Command(
    name = "retrieval",
    mixinStandardHelpOptions = true,
    description = {
        "Image-text retrieval: recall at 1, 5 and 10 and the mean and median rank, "
            + "image to text and text to image, by cosine similarity, either on a model and "
            + "captioned images (--checkpoint with --data: every distinct image and every "
            + "caption is embedded once) or on stored features. --features is a "
            + "safetensors file with tensors 'image_features' [N, E], 'text_features' [M, E] and "
            + "'text_to_image' [M] (the image index of each caption; every image needs one).",
        "An image's rank is that of its best caption. Equal scores are ordered by index: a "
            + "candidate that scores the same as the correct one counts ahead of it only when "
            + "its index is lower."})
public final class EvalRetrievalCommand implements Callable<Integer> {
  @Option(names = "--features", paramLabel = "FILE",
      description = "Safetensors with image_features, text_features and text_to_image.")
  Path features;

  @Option(names = "--checkpoint", paramLabel = "M",
      description = "Instead of --features: the model (a checkpoint file, a run directory of "
          + "clip train or a released model's name) that embeds --data.")
  String checkpoint;

  @Option(names = "--data", paramLabel = "DATA",
      description = "Captioned images with --checkpoint: a .csv or .tsv file with path and "
          + "caption columns (one row per caption; an image may have several rows), WebDataset "
          + "shards whose txt holds one caption per line (a .tar file, a brace pattern or a "
          + "directory of .tar files), or an image folder with x.txt beside x.jpg (one caption "
          + "per line).")
  Path data;

  @Option(names = "--vocab", paramLabel = "FILE",
      description = "With --checkpoint: the vocabulary captions are tokenized with (default: "
          + "OpenAI's bundled vocabulary, or a run directory's own).")
  Path vocab;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "Images or captions encoded per run of the model (default: "
          + "${DEFAULT-VALUE}).")
  int batch;

  @Mixin DeviceOption device;

  @Option(names = "--json", description = "Print one JSON object on one line: "
      + "image_to_text_r1/r5/r10, text_to_image_r1/r5/r10, image_to_text_mean_rank, "
      + "image_to_text_median_rank, text_to_image_mean_rank, text_to_image_median_rank, images, "
      + "texts; the report for a person goes to standard error.")
  boolean json;

  @Override
  public Integer call() throws IOException, PretrainedException {
    if ((features == null) == (checkpoint == null) || (checkpoint == null) != (data == null)
        || (features != null && vocab != null)) {
      throw new UsageException("give --features FILE, or --checkpoint M with --data DATA "
          + "(--vocab only with --checkpoint)");
    }
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1, got " + batch);
    }
    if (checkpoint != null) {
      CaptionedDataset captioned = CaptionedDataset.open(data);
      RetrievalEvaluation.Embeddings e;
      try (ClipModel model = ModelOptions.load(checkpoint, vocab, device.orAuto())) {
        e = RetrievalEvaluation.embed(model, captioned, batch);
      }
      try {
        return report(e.score(), e.images(), e.texts());
      } catch (IllegalArgumentException ex) {
        throw new UsageException(data + ": " + ex.getMessage()); // an image without a caption
      }
    }
    return fromFeatures();
  }

  private int fromFeatures() throws IOException {
    TensorFile file = Safetensors.read(features);
    TensorData images = matrix(file, "image_features");
    TensorData texts = matrix(file, "text_features");
    TensorData links = file.get("text_to_image");
    if (images.dim(1) != texts.dim(1)) {
      throw new UsageException(features + ": image_features have " + images.dim(1)
          + " columns, text_features " + texts.dim(1));
    }
    if (links.rank() != 1 || links.dim(0) != texts.dim(0) || links.dtype().isFloating()) {
      throw new CheckpointFormatException(features.toString(), "text_to_image must be an "
          + "integer tensor [" + texts.dim(0) + "] (one per text), got " + links.dtype() + " "
          + Arrays.toString(links.shape()));
    }
    long[] raw = links.toLongs();
    int[] textToImage = new int[raw.length];
    for (int t = 0; t < raw.length; t++) {
      if (raw[t] < 0 || raw[t] >= images.dim(0)) {
        throw new UsageException(features + ": text_to_image[" + t + "] = " + raw[t]
            + " is not an image index (there are " + images.dim(0) + " images)");
      }
      textToImage[t] = (int) raw[t];
    }
    Retrieval.Result r;
    try {
      r = Retrieval.evaluate(images.toFloats(), texts.toFloats(),
          Math.toIntExact(images.dim(1)), textToImage);
    } catch (IllegalArgumentException e) {
      throw new UsageException(features + ": " + e.getMessage());
    }
    return report(r, images.dim(0), texts.dim(0));
  }

  private int report(Retrieval.Result r, long images, long texts) {
    PrintStream human = JsonOutput.human(json);
    human.printf("retrieval: %d images, %d texts%n", images, texts);
    human.printf("  image -> text: R@1 %.4f  R@5 %.4f  R@10 %.4f  mean rank %.2f  median %.1f%n",
        r.imageToTextRecall(1), r.imageToTextRecall(5), r.imageToTextRecall(10),
        r.imageToTextMeanRank(), r.imageToTextMedianRank());
    human.printf("  text -> image: R@1 %.4f  R@5 %.4f  R@10 %.4f  mean rank %.2f  median %.1f%n",
        r.textToImageRecall(1), r.textToImageRecall(5), r.textToImageRecall(10),
        r.textToImageMeanRank(), r.textToImageMedianRank());
    if (json) {
      JsonOutput.print(RetrievalEvaluation.json(r, images, texts));
    }
    return 0;
  }

  private TensorData matrix(TensorFile file, String name) {
    TensorData t = file.get(name);
    if (t.rank() != 2 || t.dim(0) < 1 || t.dim(1) < 1 || !t.dtype().isFloating()) {
      throw new CheckpointFormatException(features.toString(), name + " must be a float tensor "
          + "[rows, E] with rows, E >= 1, got " + t.dtype() + " " + Arrays.toString(t.shape()));
    }
    return t;
  }
}
