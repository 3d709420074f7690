package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.export.SavedModelExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip export}: a checkpoint as a TensorFlow SavedModel for TensorFlow Serving. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a checkpoint as a TensorFlow SavedModel (tag 'serve') with the "
        + "signatures encode_text (input_ids INT32 [N, context] to text_embeds), encode_pixels "
        + "(pixel_values FLOAT [N, 3, S, S], already preprocessed, to image_embeds), encode_image "
        + "(images UINT8 [N, H, W, 3] of any size, resized, cropped and normalized in the graph, "
        + "to image_embeds) and logits (input_ids and pixel_values to logits_per_image); "
        + "embeddings are L2-normalized. See docs/export.md for TensorFlow Serving.")
public final class ExportCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Model weights: .safetensors, a torch.save archive or OpenAI's released "
          + "TorchScript .pt (architecture inferred from the shapes).")
  Path checkpoint;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The SavedModel directory to create; it must not exist or be empty.")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on one line: out, signatures, "
      + "embed_dim, image_size, context_length and seconds.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new UsageException(out + " already exists and is not an empty directory");
    }
    long t0 = System.nanoTime();
    Checkpoint ckpt = Checkpoint.read(checkpoint);
    ClipConfig config = ckpt.config();
    SavedModelExport.write(config, ckpt.values(), out);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (json) {
      ObjectNode node = Json.object();
      node.put("out", out.toString());
      node.putArray("signatures").add("encode_text").add("encode_pixels").add("encode_image")
          .add("logits");
      node.put("embed_dim", config.embedDim());
      node.put("image_size", config.vision().imageSize());
      node.put("context_length", config.text().contextLength());
      node.put("seconds", Math.round(seconds * 100) / 100.0);
      JsonOutput.print(node);
    } else {
      System.out.printf(Locale.ROOT, "clip export: wrote a SavedModel (tag serve; signatures "
          + "encode_text, encode_pixels, encode_image, logits; embed_dim %d, images %d px, "
          + "context %d) to %s in %.1f s%n", config.embedDim(), config.vision().imageSize(),
          config.text().contextLength(), out, seconds);
    }
    return 0;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
