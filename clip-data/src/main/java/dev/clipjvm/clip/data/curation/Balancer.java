package dev.clipjvm.clip.data.curation;

/**
 * The balancing rule, shared by the curator and the brute-force check: a pair matching several
 * queries is assigned to the one with the fewest kept pairs so far (the lowest id on ties) and
 * kept only while that query has fewer than K.
 */
final class Balancer {
  private final long[] matched;
  private final long[] kept;
  private final int maxPerQuery;

  Balancer(int queries, int maxPerQuery) {
    this.matched = new long[queries];
    this.kept = new long[queries];
    this.maxPerQuery = maxPerQuery;
  }

  /** Counts a caption's matches; returns the query it is kept for, or -1 to drop it. */
  int offer(int[] matches) {
    int best = -1;
    for (int q : matches) {
      matched[q]++;
      if (best < 0 || kept[q] < kept[best]) {
        best = q;
      }
    }
    if (best < 0 || kept[best] >= maxPerQuery) {
      return -1;
    }
    kept[best]++;
    return best;
  }

  long[] matched() {
    return matched.clone();
  }

  long[] kept() {
    return kept.clone();
  }
}
