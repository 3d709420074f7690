package dev.clipjvm.clip.tf.train;

import java.util.Map;
import java.util.Objects;

/**
 * Everything besides the variables that a checkpoint records, written as {@code state.json}.
 *
 * @param step optimizer steps completed
 * @param experiment the experiment configuration, as JSON text
 * @param vocabulary path of the tokenizer vocabulary (merges file) the run uses
 * @param dataPosition pairs consumed from the training stream (the next batch starts here)
 * @param extra small named values (e.g. the last loss), for reports
 */
public record CheckpointState(
    long step, String experiment, String vocabulary, long dataPosition,
    Map<String, Double> extra) {

  /** Validates and copies. */
  public CheckpointState {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(vocabulary, "vocabulary");
    extra = Map.copyOf(extra);
    if (step < 0 || dataPosition < 0) {
      throw new IllegalArgumentException(
          "step " + step + " and data position " + dataPosition + " must not be negative");
    }
  }
}
