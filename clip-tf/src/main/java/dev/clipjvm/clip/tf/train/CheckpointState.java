package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything besides the variables that a checkpoint records, written as {@code state.json}.
 *
 * @param step optimizer steps completed
 * @param experiment the experiment configuration, as JSON text
 * @param vocabulary path of the tokenizer vocabulary (merges file) the run uses
 * @param dataPosition pairs consumed from the training stream (the next batch starts here)
 * @param streamPosition where the data loader's stream stands after those {@code dataPosition}
 *     pairs (the clip-data loader's), so a resume opens the stream there instead of replaying
 *     it; empty in checkpoints written before it was recorded; in a data-parallel run, task 0's
 * @param rankPositions in a data-parallel run, every rank's stream position after the step, in
 *     rank order (its size is the world size), so a resume with as many workers opens each
 *     rank's stream there; empty for a single process, when a rank had none, and in checkpoints
 *     written before per-rank positions were recorded
 * @param extra small named values (e.g. the last loss), for reports
 */
public record CheckpointState(
    long step, String experiment, String vocabulary, long dataPosition,
    Optional<DataPosition> streamPosition, List<DataPosition> rankPositions,
    Map<String, Double> extra) {

  /** Validates and copies. */
  public CheckpointState {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(streamPosition, "streamPosition");
    rankPositions = List.copyOf(rankPositions);
    extra = Map.copyOf(extra);
    if (step < 0 || dataPosition < 0) {
      throw new IllegalArgumentException(
          "step " + step + " and data position " + dataPosition + " must not be negative");
    }
  }

  /** A state without a stream position (the trainer adds it when it saves a checkpoint). */
  public CheckpointState(long step, String experiment, String vocabulary, long dataPosition,
      Map<String, Double> extra) {
    this(step, experiment, vocabulary, dataPosition, Optional.empty(), List.of(), extra);
  }

  /** A state with a stream position but no per-rank positions (a single process). */
  public CheckpointState(long step, String experiment, String vocabulary, long dataPosition,
      Optional<DataPosition> streamPosition, Map<String, Double> extra) {
    this(step, experiment, vocabulary, dataPosition, streamPosition, List.of(), extra);
  }

  /** This state with the stream position {@code v}. */
  public CheckpointState withStreamPosition(Optional<DataPosition> v) {
    return new CheckpointState(step, experiment, vocabulary, dataPosition, v, rankPositions,
        extra);
  }

  /** This state with every rank's stream position {@code v}, in rank order. */
  public CheckpointState withRankPositions(List<DataPosition> v) {
    return new CheckpointState(step, experiment, vocabulary, dataPosition, streamPosition, v,
        extra);
  }
}
