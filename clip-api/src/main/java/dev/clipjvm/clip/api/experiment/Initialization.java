package dev.clipjvm.clip.api.experiment;

import java.util.Objects;

/**
 * Where the weights start: the reference initialization (seeded by the training seed) or an
 * imported checkpoint (fine-tuning), optionally with one tower frozen.
 *
 * @param checkpoint a safetensors checkpoint with OpenAI names; empty for training from scratch
 * @param frozen the tower kept fixed; {@link FrozenTower#NONE} trains both
 */
public record Initialization(String checkpoint, FrozenTower frozen) {

  /** Validates the fields. */
  public Initialization {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(frozen, "frozen");
    if (checkpoint.isBlank() && frozen != FrozenTower.NONE) {
      throw dev.clipjvm.clip.api.model.InvalidConfigException.of("frozen", "freezing the "
          + frozen.name().toLowerCase() + " tower needs a checkpoint to start from");
    }
  }

  /** Training from scratch. */
  public static Initialization scratch() {
    return new Initialization("", FrozenTower.NONE);
  }

  /** Whether the weights come from a checkpoint. */
  public boolean fromCheckpoint() {
    return !checkpoint.isBlank();
  }
}
