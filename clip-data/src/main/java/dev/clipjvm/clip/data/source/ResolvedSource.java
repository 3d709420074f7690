package dev.clipjvm.clip.data.source;

import java.util.List;

/**
 * A source description opened into record sources: one part, or one per part of a mixture with
 * the probability of drawing from each.
 *
 * @param parts the record sources, in description order
 * @param probabilities the probability of each part, summing to one
 */
public record ResolvedSource(List<RecordSource> parts, double[] probabilities) {

  /** Checks one probability per part. */
  public ResolvedSource {
    parts = List.copyOf(parts);
    if (parts.isEmpty() || probabilities.length != parts.size()) {
      throw new IllegalArgumentException("need one probability per source part");
    }
    probabilities = probabilities.clone();
  }

  /** A single source. */
  public static ResolvedSource of(RecordSource source) {
    return new ResolvedSource(List.of(source), new double[] {1.0});
  }

  /** Running sums of the probabilities. */
  public double[] cumulativeProbabilities() {
    double[] c = new double[probabilities.length];
    double sum = 0;
    for (int i = 0; i < c.length; i++) {
      sum += probabilities[i];
      c[i] = sum;
    }
    return c;
  }
}
