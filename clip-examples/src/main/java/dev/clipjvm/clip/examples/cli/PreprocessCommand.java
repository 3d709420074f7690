package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.data.image.EvalTransform;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.data.image.Preprocessor;
import dev.clipjvm.clip.data.image.ResizeMode;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip preprocess}: images to normalized {@code [3, S, S]} tensors in a safetensors file. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
        "Decode images and apply CLIP's eval preprocessing (resize the shorter side with "
            + "Pillow-compatible bicubic, center crop, normalize with CLIP's mean/std).",
        "Writes one F32 tensor [3, S, S] per image, named FILENAME@S, to a safetensors file."})
public final class PreprocessCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG, GIF, BMP or WebP.")
  List<Path> images;

  @Option(names = "--out", required = true, paramLabel = "OUT.safetensors",
      description = "Output file.")
  Path out;

  @Option(names = "--size", defaultValue = "224", paramLabel = "S",
      description = "Output side (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--mode", defaultValue = "SHORTEST", paramLabel = "MODE",
      description = "SHORTEST (resize + center crop), LONGEST (resize + pad) or SQUASH "
          + "(default: ${DEFAULT-VALUE}).")
  ResizeMode mode;

  @Option(names = "--max-pixels", defaultValue = "89478485", paramLabel = "N",
      description = "Reject images declaring more pixels (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
      description = "Decoding threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "Print one JSON object on one line: out, size, mode "
      + "and the tensor names written.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Set<String> names = new HashSet<>();
    for (Path image : images) {
      if (!names.add(image.getFileName().toString())) {
        throw new UsageException("two images are named " + image.getFileName()
            + "; tensor names (FILENAME@S) must be unique");
      }
    }
    if (size < 1 || threads < 1 || maxPixels < 1) {
      throw new UsageException("--size, --threads and --max-pixels must be at least 1, got "
          + size + ", " + threads + " and " + maxPixels);
    }
    if (size > Limits.MAX_IMAGE_SIZE) {
      throw new UsageException("--size must be at most " + Limits.MAX_IMAGE_SIZE + ", got " + size);
    }
    Preprocessor preprocessor = new Preprocessor(new ImageDecoder(maxPixels),
        new EvalTransform(size, mode), Normalization.CLIP);
    List<float[]> arrays = preprocessor.chw(images, 0, threads);
    List<TensorData> tensors = new ArrayList<>(images.size());
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      String name = images.get(i).getFileName() + "@" + size;
      tensors.add(TensorData.ofFloats(name, new long[] {3, size, size}, arrays.get(i)));
      metadata.put(name, images.get(i).getFileName() + " " + mode.name().toLowerCase()
          + " bicubic " + size + ", CHW float32, CLIP mean/std normalized");
    }
    Safetensors.write(out, tensors, metadata);
    System.err.println("clip preprocess: wrote " + tensors.size() + " tensors to " + out);
    if (json) {
      var o = Json.object().put("out", out.toString()).put("size", size)
          .put("mode", mode.name());
      var list = o.putArray("tensors");
      tensors.forEach(t -> list.add(t.name()));
      JsonOutput.print(o);
    }
    return 0;
  }
}
