package dev.clipjvm.clip.data.text;

import java.util.Arrays;

/**
 * Merge lookup by symbol-id pair: an open-addressing map from {@code (left, right)} to the merge
 * rank, immutable after construction so concurrent readers need no locking.
 */
final class PairTable {

  private final long[] keys;
  private final int[] ranks;
  private final int mask;

  PairTable(int capacity) {
    int size = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
    keys = new long[size];
    ranks = new int[size];
    mask = size - 1;
    Arrays.fill(keys, -1L);
  }

  static long key(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  /** Sets the rank of a pair; a later call for the same pair wins, as in a Python dict. */
  void put(int left, int right, int rank) {
    long key = key(left, right);
    int slot = slot(key);
    while (keys[slot] != -1L && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    ranks[slot] = rank;
  }

  /** The rank of a pair, or {@link Integer#MAX_VALUE} when the pair never merges. */
  int rank(int left, int right) {
    long key = key(left, right);
    int slot = slot(key);
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return ranks[slot];
      }
      if (k == -1L) {
        return Integer.MAX_VALUE;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & mask;
  }
}
