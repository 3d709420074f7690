package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;
import java.util.List;

/**
 * Where a running pipeline stands, saved in checkpoints so a resumed run continues with the next
 * record: no record of the epoch is seen twice or skipped. For each source part (one, or one per
 * part of a {@link MixedSource}) it holds the epoch and the number of records of that epoch's
 * sharded, shuffled order already consumed; {@code draws} counts the records drawn overall
 * (the mixture's choices are a pure function of the seed and the draw number).
 *
 * @param draws records drawn from all parts so far
 * @param parts the position in each part, in source order
 */
public record DataPosition(long draws, List<Part> parts) {

  /** Validates every field and reports all problems at once. */
  public DataPosition {
    Problems.requireNonNull(new String[] {"parts"}, parts);
    parts = List.copyOf(parts);
    new Problems()
        .check(draws >= 0, "draws", draws + " must not be negative")
        .nonEmpty("parts", parts)
        .throwIfAny();
  }

  /** The start of the first epoch for a source of {@code partCount} parts. */
  public static DataPosition start(int partCount) {
    return new DataPosition(0, java.util.Collections.nCopies(partCount, new Part(0, 0)));
  }

  /**
   * The position in one source part.
   *
   * @param epoch the current epoch, from 0
   * @param consumed records of this epoch's order already consumed
   */
  public record Part(long epoch, long consumed) {
    /** Validates every field and reports all problems at once. */
    public Part {
      new Problems()
          .check(epoch >= 0, "epoch", epoch + " must not be negative")
          .check(consumed >= 0, "consumed", consumed + " must not be negative")
          .throwIfAny();
    }
  }
}
