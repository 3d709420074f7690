package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;

/**
 * One part of a {@link MixedSource}: a source and its relative weight.
 *
 * @param weight relative probability of drawing the next sample from this source
 * @param source the source
 */
public record WeightedSource(double weight, SourceConfig source) {

  /** Validates every field and reports all problems at once. */
  public WeightedSource {
    new Problems()
        .positive("weight", weight)
        .check(source != null, "source", "must not be null")
        .check(!(source instanceof MixedSource), "source", "a mixed source cannot nest another")
        .throwIfAny();
  }

  /** Shorthand for {@code new WeightedSource(weight, source)}. */
  public static WeightedSource of(double weight, SourceConfig source) {
    return new WeightedSource(weight, source);
  }
}
