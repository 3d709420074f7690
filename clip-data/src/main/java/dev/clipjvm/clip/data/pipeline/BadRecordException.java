package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.data.source.BadReason;

/** A record that cannot be turned into a sample; the loader skips and counts it. */
public final class BadRecordException extends Exception {
  private final BadReason reason;

  /** A bad record for {@code reason}, with a message naming the thing at fault. */
  public BadRecordException(BadReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the record is bad. */
  public BadReason reason() {
    return reason;
  }
}
