package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;
import java.util.List;

/**
 * Several sources drawn with weights: each next sample comes from part {@code i} with
 * probability {@code weight_i / sum(weights)}; every part is resampled without end (it starts a
 * new epoch when it runs out), so a mixed pipeline runs until the trainer stops.
 *
 * @param sources the parts, at least two
 */
public record MixedSource(List<WeightedSource> sources) implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public MixedSource {
    Problems.requireNonNull(new String[] {"sources"}, sources);
    sources = List.copyOf(sources);
    new Problems()
        .check(sources.size() >= 2, "sources", "a mixture needs at least two sources, got "
            + sources.size())
        .throwIfAny();
  }

  @Override
  public String type() {
    return "mixed";
  }

  /** Weights normalized to sum to one, in order. */
  public double[] probabilities() {
    double total = sources.stream().mapToDouble(WeightedSource::weight).sum();
    return sources.stream().mapToDouble(w -> w.weight() / total).toArray();
  }

  public MixedSource withSources(List<WeightedSource> v) {
    return new MixedSource(v);
  }
}
