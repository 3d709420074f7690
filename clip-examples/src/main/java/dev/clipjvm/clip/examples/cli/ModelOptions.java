package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.data.pretrained.PretrainedRegistry;
import dev.clipjvm.clip.tf.inference.ClipModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The model of the commands that encode images and texts ({@code classify}, {@code eval
 * zeroshot}, {@code features}): a checkpoint, a run directory or a released model's name, and
 * the vocabulary its texts are tokenized with.
 */
final class ModelOptions {

  @Option(names = "--checkpoint", required = true, paramLabel = "M",
      description = "The model: a checkpoint file (.safetensors, torch.save .pt/.bin or OpenAI's "
          + "TorchScript .pt), a run directory of clip train (its vocabulary and context come "
          + "with it), or a released model's name (ViT-B/32, RN50, ...; see clip download "
          + "--list), downloaded once into the cache.")
  String checkpoint;

  @Option(names = "--vocab", paramLabel = "FILE",
      description = "The vocabulary texts are tokenized with: a merges file in OpenAI's format "
          + "or a Hugging Face vocab.json with merges.txt beside it (default: OpenAI's bundled "
          + "vocabulary, or a run directory's own).")
  Path vocab;

  @Mixin DeviceOption device;

  /** Loads the model; a vocabulary or architecture that does not fit it is a user mistake. */
  ClipModel load() throws IOException, PretrainedException {
    Path path = Path.of(checkpoint);
    try {
      if (!Files.exists(path) && PretrainedRegistry.find(checkpoint).isPresent()) {
        if (vocab != null) {
          throw new UsageException("--vocab does not apply to the released model " + checkpoint
              + " (it uses OpenAI's vocabulary)");
        }
        return ClipModel.pretrained(checkpoint, device.orAuto());
      }
      return ClipModel.load(path, Optional.ofNullable(vocab), device.orAuto());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e);
    }
  }
}
