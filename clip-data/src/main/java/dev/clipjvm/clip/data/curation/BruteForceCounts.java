package dev.clipjvm.clip.data.curation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reference for testing the matcher: checks every query against every caption with plain
 * string search on space-joined words ({@code O(captions x queries)}), then applies the same
 * balancing rule. Slow by design; only for checks.
 */
public final class BruteForceCounts {
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
  private final String[] needles;
  private final boolean[] repeated;
  private final Balancer balancer;

  /** A reference count for {@code queries} with at most {@code maxPerQuery} kept per query. */
  public BruteForceCounts(List<String> queries, int maxPerQuery) {
    needles = queries.stream().map(q -> " " + normalize(q) + " ").toArray(String[]::new);
    balancer = new Balancer(queries.size(), maxPerQuery);
    repeated = new boolean[needles.length];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int q = 0; q < needles.length; q++) {
      repeated[q] = !seen.add(needles[q]);
    }
  }

  private static String normalize(String text) {
    StringBuilder out = new StringBuilder();
    for (String word : NON_WORD.split(text)) {
      if (!word.isEmpty()) {
        out.append(out.length() == 0 ? "" : " ").append(word.toLowerCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  /** Counts one caption, in corpus order. */
  public void add(String caption) {
    String hay = " " + normalize(caption) + " ";
    int[] found = new int[4];
    int count = 0;
    for (int q = 0; q < needles.length; q++) {
      if (!repeated[q] && hay.contains(needles[q])) {
        if (count == found.length) {
          found = java.util.Arrays.copyOf(found, count * 2);
        }
        found[count++] = q;
      }
    }
    balancer.offer(java.util.Arrays.copyOf(found, count));
  }

  /** Per query, the captions containing it. */
  public long[] matched() {
    return balancer.matched();
  }

  /** Per query, the captions kept for it. */
  public long[] kept() {
    return balancer.kept();
  }
}
