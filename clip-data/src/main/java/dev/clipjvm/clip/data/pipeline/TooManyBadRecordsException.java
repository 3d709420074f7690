package dev.clipjvm.clip.data.pipeline;

/** Stops a run whose data has more bad records than the pipeline tolerates. */
public final class TooManyBadRecordsException extends RuntimeException {
  private final BadRecordCounts counts;

  TooManyBadRecordsException(BadRecordCounts counts, double maxFraction, String lastDetail) {
    super(String.format("too many bad records: %s (%.1f%%, more than max_bad_fraction %.3f); "
        + "last: %s", counts, 100 * counts.badFraction(), maxFraction, lastDetail));
    this.counts = counts;
  }

  /** The counts when the run stopped. */
  public BadRecordCounts counts() {
    return counts;
  }
}
