package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.data.source.BadReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records seen and skipped, by reason; an immutable snapshot.
 *
 * @param good records that became samples
 * @param bad skipped records by reason (reasons never seen are absent)
 */
public record BadRecordCounts(long good, Map<BadReason, Long> bad) {

  /** Copies the map. */
  public BadRecordCounts {
    bad = Collections.unmodifiableMap(bad.isEmpty() ? new EnumMap<>(BadReason.class)
        : new EnumMap<>(bad));
  }

  /** No records yet. */
  public static BadRecordCounts none() {
    return new BadRecordCounts(0, Map.of());
  }

  /** All skipped records. */
  public long badTotal() {
    return bad.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Good plus bad records. */
  public long seen() {
    return good + badTotal();
  }

  /** The fraction of records seen that were bad (0 when none were seen). */
  public double badFraction() {
    return seen() == 0 ? 0 : (double) badTotal() / seen();
  }

  /** Counts by snake_case reason, for metrics and JSON (every reason listed). */
  public Map<String, Long> byKey() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (BadReason r : BadReason.values()) {
      out.put(r.key(), bad.getOrDefault(r, 0L));
    }
    return out;
  }

  /** This snapshot with one more good record. */
  public BadRecordCounts plusGood() {
    return new BadRecordCounts(good + 1, bad);
  }

  /** This snapshot with one more bad record. */
  public BadRecordCounts plusBad(BadReason reason) {
    Map<BadReason, Long> next = new EnumMap<>(BadReason.class);
    next.putAll(bad);
    next.merge(reason, 1L, Long::sum);
    return new BadRecordCounts(good, next);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(badTotal() + " bad of " + seen() + " records");
    bad.forEach((r, n) -> s.append(", ").append(r.key()).append(' ').append(n));
    return s.toString();
  }
}
