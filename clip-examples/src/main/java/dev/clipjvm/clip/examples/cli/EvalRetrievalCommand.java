package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.transfer.Retrieval;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip eval retrieval}: recall@K between image and text features. */
@Command(
    name = "retrieval",
    mixinStandardHelpOptions = true,
    description = {
        "Image-text retrieval on features: recall at 1, 5 and 10 and the mean and median rank, "
            + "image to text and text to image, by cosine similarity. --features is a "
            + "safetensors file with tensors 'image_features' [N, E], 'text_features' [M, E] and "
            + "'text_to_image' [M] (the image index of each caption; every image needs one).",
        "An image's rank is that of its best caption. Equal scores are ordered by index: a "
            + "candidate that scores the same as the correct one counts ahead of it only when "
            + "its index is lower."})
public final class EvalRetrievalCommand implements Callable<Integer> {
  private static final int[] KS = {1, 5, 10};

  @Option(names = "--features", required = true, paramLabel = "FILE",
      description = "Safetensors with image_features, text_features and text_to_image.")
  Path features;

  @Option(names = "--json", description = "Print one JSON object on one line: "
      + "image_to_text_r1/r5/r10, text_to_image_r1/r5/r10, image_to_text_mean_rank, "
      + "image_to_text_median_rank, text_to_image_mean_rank, text_to_image_median_rank, images, "
      + "texts; the report for a person goes to standard error.")
  boolean json;

  @Override
  public Integer call() throws IOException {
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
    PrintStream human = JsonOutput.human(json);
    human.printf("retrieval: %d images, %d texts%n", images.dim(0), texts.dim(0));
    human.printf("  image -> text: R@1 %.4f  R@5 %.4f  R@10 %.4f  mean rank %.2f  median %.1f%n",
        r.imageToTextRecall(1), r.imageToTextRecall(5), r.imageToTextRecall(10),
        r.imageToTextMeanRank(), r.imageToTextMedianRank());
    human.printf("  text -> image: R@1 %.4f  R@5 %.4f  R@10 %.4f  mean rank %.2f  median %.1f%n",
        r.textToImageRecall(1), r.textToImageRecall(5), r.textToImageRecall(10),
        r.textToImageMeanRank(), r.textToImageMedianRank());
    if (json) {
      ObjectNode o = Json.object();
      for (int k : KS) {
        o.put("image_to_text_r" + k, r.imageToTextRecall(k));
      }
      for (int k : KS) {
        o.put("text_to_image_r" + k, r.textToImageRecall(k));
      }
      o.put("image_to_text_mean_rank", r.imageToTextMeanRank());
      o.put("image_to_text_median_rank", r.imageToTextMedianRank());
      o.put("text_to_image_mean_rank", r.textToImageMeanRank());
      o.put("text_to_image_median_rank", r.textToImageMedianRank());
      o.put("images", images.dim(0));
      o.put("texts", texts.dim(0));
      JsonOutput.print(o);
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
