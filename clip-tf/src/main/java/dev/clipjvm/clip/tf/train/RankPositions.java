package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.List;
import java.util.Optional;

/**
 * Collects every rank's data-stream position for a checkpoint. In a data-parallel run each rank
 * reads its own share of the stream, and where a rank stands after step {@code k} is not a pure
 * function of {@code k}: records that fail to decode are skipped within the rank's share, and a
 * mixture draws its parts at random, so each rank's position depends on its data. Every rank
 * therefore takes part in one small exchange at each checkpoint step, and task 0 stores all the
 * positions.
 */
@FunctionalInterface
public interface RankPositions {
  /** Records no per-rank positions (a single process: its stream position says it all). */
  RankPositions NONE = own -> List.of();

  /**
   * Every rank's position after the step, in rank order, given this rank's {@code own}; called
   * by every rank at the same steps. Empty when any rank has no position.
   */
  List<DataPosition> exchange(Optional<DataPosition> own);
}
