package dev.clipjvm.clip.data.curation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which queries a caption contains, as whole words, case-insensitively. Queries are
 * stored in a trie over interned word ids (edges in one primitive hash table), so matching a
 * caption of {@code n} words costs {@code O(n * longest query)} lookups whatever the number of
 * queries; 500,000 queries take tens of megabytes.
 */
public final class QueryMatcher {
  private final List<String> queries;
  private final Map<String, Integer> wordIds = new HashMap<>();
  private final LongIntMap edges;
  private final List<Integer> terminal = new ArrayList<>();
  private int[] terminalOf;
  private int longest;

  /**
   * Builds the matcher; throws {@link IllegalArgumentException} naming the first query without
   * words (e.g. only punctuation). A repeated query keeps the id of its first occurrence.
   */
  public QueryMatcher(List<String> queries) {
    this.queries = List.copyOf(queries);
    this.edges = new LongIntMap(queries.size() * 2);
    terminal.add(-1);
    for (int q = 0; q < queries.size(); q++) {
      List<String> words = Words.of(queries.get(q));
      if (words.isEmpty()) {
        throw new IllegalArgumentException("query " + (q + 1) + " \"" + queries.get(q)
            + "\" has no words");
      }
      longest = Math.max(longest, words.size());
      int node = 0;
      for (String w : words) {
        int id = wordIds.computeIfAbsent(w, k -> wordIds.size());
        long key = ((long) node << 32) | id;
        int child = edges.get(key);
        if (child < 0) {
          child = terminal.size();
          terminal.add(-1);
          edges.put(key, child);
        }
        node = child;
      }
      if (terminal.get(node) < 0) {
        terminal.set(node, q);
      }
    }
    terminalOf = terminal.stream().mapToInt(Integer::intValue).toArray();
    terminal.clear();
  }

  /** The queries, in id order. */
  public List<String> queries() {
    return queries;
  }

  /** The ids of the distinct queries {@code caption} contains, ascending. */
  public int[] matches(String caption) {
    List<String> words = Words.of(caption);
    int[] ids = new int[words.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = wordIds.getOrDefault(words.get(i), -1);
    }
    int[] found = new int[8];
    int count = 0;
    for (int start = 0; start < ids.length; start++) {
      int node = 0;
      for (int j = start; j < ids.length && j - start < longest; j++) {
        if (ids[j] < 0) {
          break;
        }
        node = edges.get(((long) node << 32) | ids[j]);
        if (node < 0) {
          break;
        }
        if (terminalOf[node] >= 0) {
          if (count == found.length) {
            found = Arrays.copyOf(found, count * 2);
          }
          found[count++] = terminalOf[node];
        }
      }
    }
    return Arrays.stream(found, 0, count).sorted().distinct().toArray();
  }
}
