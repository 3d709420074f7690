package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded CLIP checkpoint: its architecture and its tensors under OpenAI names, checked
 * against the architecture's {@link ParameterManifest}. The one entry point for weights, used by
 * inference and fine-tuning alike: reads safetensors files and {@code torch.save} /
 * TorchScript archives ({@code .pt}, {@code .bin}: zip files), with OpenAI / open_clip or
 * Hugging Face {@code CLIPModel} names.
 *
 * @param source the file read (for messages)
 * @param config the architecture (given, or inferred from the tensor shapes)
 * @param tensors tensors by OpenAI name
 */
public record Checkpoint(String source, ClipConfig config, Map<String, TensorData> tensors) {

  /**
   * Copies the map and checks it against the manifest of {@code config}.
   *
   * @throws CheckpointFormatException naming every missing, unexpected, mis-shaped or wrongly
   *     typed tensor
   */
  public Checkpoint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(config, "config");
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    List<String> problems = ManifestCheck.problems(ParameterManifest.of(config), tensors);
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(source, problems);
    }
  }

  /** Reads {@code file} and infers the architecture (QuickGELU, as OpenAI's models). */
  public static Checkpoint read(Path file) throws IOException {
    return read(file, Activation.QUICK_GELU);
  }

  /** Reads {@code file} and infers the architecture with the given MLP activation. */
  public static Checkpoint read(Path file, Activation activation) throws IOException {
    Map<String, TensorData> t = tensors(file);
    return new Checkpoint(file.toString(),
        ArchitectureInference.infer(file.toString(), t, activation), t);
  }

  /** Reads {@code file} for the given architecture. */
  public static Checkpoint read(Path file, ClipConfig config) throws IOException {
    return new Checkpoint(file.toString(), config, tensors(file));
  }

  /**
   * The tensors of {@code file} under OpenAI names, whatever its format and naming.
   *
   * @throws NoSuchFileException if {@code file} does not exist (message: the path, as
   *     {@link Files} reports it) or is a directory
   */
  public static Map<String, TensorData> tensors(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new NoSuchFileException(file.toString(), null, "is a directory, not a checkpoint file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(magic, 0, 4);
      if (n < 4) {
        throw new CheckpointFormatException(file.toString(), "file of " + n
            + " bytes is too short to be a checkpoint");
      }
    }
    boolean zip = magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    Map<String, TensorData> t = zip ? TorchArchive.read(file) : Safetensors.read(file).tensors();
    return HuggingFaceNames.applies(t) ? HuggingFaceNames.toOpenAi(file.toString(), t) : t;
  }

  /** The values for graph variables, with layout conversion and positional resizing. */
  public CheckpointValues values() {
    return new CheckpointValues(source, tensors);
  }
}
