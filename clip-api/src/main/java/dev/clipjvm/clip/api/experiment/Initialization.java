package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the weights start: the reference initialization (seeded by the training seed) or an
 * imported checkpoint (fine-tuning), optionally with one tower frozen. In JSON, an absent
 * {@code checkpoint} key means training from scratch.
 *
 * @param checkpoint the checkpoint to start from (any format inference reads: safetensors or a
 *     PyTorch / TorchScript archive, OpenAI or Hugging Face names); empty for training from
 *     scratch
 * @param frozen the tower kept fixed; {@link FrozenTower#NONE} trains both
 */
public record Initialization(Optional<Path> checkpoint, FrozenTower frozen) {

  /** Validates the fields: freezing a tower needs a checkpoint. */
  public Initialization {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(frozen, "frozen");
    if (checkpoint.isEmpty() && frozen != FrozenTower.NONE) {
      throw InvalidConfigException.of("frozen", "freezing the "
          + frozen.name().toLowerCase(Locale.ROOT) + " tower needs a checkpoint to start from");
    }
  }

  /** Training from scratch. */
  public static Initialization scratch() {
    return new Initialization(Optional.empty(), FrozenTower.NONE);
  }

  /** Fine-tuning from {@code checkpoint} with {@code frozen} kept fixed. */
  public static Initialization from(Path checkpoint, FrozenTower frozen) {
    return new Initialization(Optional.of(checkpoint), frozen);
  }
}
