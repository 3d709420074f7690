package dev.clipjvm.clip.data.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns a byte-level BPE vocabulary in CLIP's layout from a corpus: texts are cleaned and split
 * exactly as {@link BpeTokenizer} does, then the most frequent adjacent symbol pair is merged
 * repeatedly (ties broken by the pair's strings, so training is deterministic).
 *
 * <p>The result has {@code 512 + merges + 2} tokens; it is smaller than requested when the corpus
 * runs out of pairs occurring at least {@code minFrequency} times.
 */
public final class BpeTrainer {

  private static final int BASE_TOKENS = 512 + 2;

  private BpeTrainer() {}

  /** Trains up to {@code vocabSize} tokens, merging pairs seen at least once. */
  public static BpeVocabulary train(Iterable<String> corpus, int vocabSize) {
    return train(corpus, vocabSize, 1);
  }

  /** Trains up to {@code vocabSize} tokens, merging only pairs seen {@code minFrequency} times. */
  public static BpeVocabulary train(Iterable<String> corpus, int vocabSize, int minFrequency) {
    if (vocabSize < BASE_TOKENS) {
      throw new IllegalArgumentException("vocabSize must be at least " + BASE_TOKENS
          + " (256 byte symbols, 256 with </w>, 2 special tokens), got " + vocabSize);
    }
    if (minFrequency < 1) {
      throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
    }
    return new Run(countWords(corpus)).merge(vocabSize - BASE_TOKENS, minFrequency);
  }

  private static Map<String, Long> countWords(Iterable<String> corpus) {
    Map<String, Long> counts = new HashMap<>();
    for (String text : corpus) {
      for (String word : PreTokenizer.split(TextCleaner.clean(text))) {
        if (!word.equals(PreTokenizer.START_TOKEN) && !word.equals(PreTokenizer.END_TOKEN)) {
          counts.merge(word, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /** The mutable state of one training run. */
  private static final class Run {
    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final List<int[]> words = new ArrayList<>();
    private final List<Long> wordCounts = new ArrayList<>();
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> pairWords = new HashMap<>();
    private final PriorityQueue<long[]> queue;

    Run(Map<String, Long> counts) {
      queue = new PriorityQueue<>(
          Comparator.<long[]>comparingLong(e -> -e[0]).thenComparing(e -> left(e[1]))
              .thenComparing(e -> right(e[1])));
      counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
        int[] word = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
          String s = String.valueOf(ByteSymbols.symbol(bytes[i] & 0xFF));
          word[i] = symbolId(i == bytes.length - 1 ? s + "</w>" : s);
        }
        words.add(word);
        wordCounts.add(e.getValue());
      });
      for (int w = 0; w < words.size(); w++) {
        addPairs(w, 1);
      }
      pairCounts.forEach((pair, count) -> queue.add(new long[] {count, pair}));
    }

    BpeVocabulary merge(int maxMerges, int minFrequency) {
      List<Merge> merges = new ArrayList<>(maxMerges);
      while (merges.size() < maxMerges && !queue.isEmpty()) {
        long[] top = queue.poll();
        long current = pairCounts.getOrDefault(top[1], 0L);
        if (current != top[0]) {
          continue; // stale entry; the pair's current count is queued separately
        }
        if (current < minFrequency) {
          break;
        }
        merges.add(new Merge(left(top[1]), right(top[1])));
        apply(top[1]);
      }
      return BpeVocabulary.ofMerges(merges);
    }

    private void apply(long pair) {
      int a = (int) (pair >>> 32);
      int b = (int) pair;
      int merged = symbolId(symbols.get(a) + symbols.get(b));
      Set<Long> changed = new HashSet<>();
      for (int w : pairWords.getOrDefault(pair, Set.of()).toArray(Integer[]::new)) {
        int[] word = words.get(w);
        collectPairs(word, changed);
        addPairs(w, -1);
        int n = 0;
        for (int i = 0; i < word.length; i++) {
          if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
            word[n++] = merged;
            i++;
          } else {
            word[n++] = word[i];
          }
        }
        words.set(w, Arrays.copyOf(word, n));
        addPairs(w, 1);
        collectPairs(words.get(w), changed);
      }
      pairCounts.remove(pair);
      pairWords.remove(pair);
      for (long p : changed) {
        Long count = pairCounts.get(p);
        if (count != null) {
          queue.add(new long[] {count, p});
        }
      }
    }

    private static void collectPairs(int[] word, Set<Long> into) {
      for (int i = 0; i + 1 < word.length; i++) {
        into.add(PairTable.key(word[i], word[i + 1]));
      }
    }

    /** Adds ({@code sign} 1) or removes (-1) the pair occurrences of word {@code w}. */
    private void addPairs(int w, int sign) {
      int[] word = words.get(w);
      long count = wordCounts.get(w) * sign;
      for (int i = 0; i + 1 < word.length; i++) {
        long p = PairTable.key(word[i], word[i + 1]);
        long updated = pairCounts.getOrDefault(p, 0L) + count;
        if (updated <= 0) {
          pairCounts.remove(p);
        } else {
          pairCounts.put(p, updated);
          if (sign > 0) {
            pairWords.computeIfAbsent(p, k -> new HashSet<>()).add(w);
          }
        }
      }
    }

    private int symbolId(String s) {
      return symbolIds.computeIfAbsent(s, k -> {
        symbols.add(k);
        return symbols.size() - 1;
      });
    }

    private String left(long pair) {
      return symbols.get((int) (pair >>> 32));
    }

    private String right(long pair) {
      return symbols.get((int) pair);
    }
  }
}
