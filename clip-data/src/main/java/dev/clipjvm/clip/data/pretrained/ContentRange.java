package dev.clipjvm.clip.data.pretrained;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} header: {@code bytes START-END/TOTAL} of a 206 answer, or
 * {@code bytes *}{@code /TOTAL} of a 416 answer ({@code start} is then -1); TOTAL may be
 * {@code *} (unknown).
 */
record ContentRange(long start, OptionalLong total) {
  private static final Pattern FORM =
      Pattern.compile("bytes\\s+(?:(\\d{1,18})-(\\d{1,18})|\\*)/(\\d{1,18}|\\*)");

  /** The header's range, or empty when it does not have one of the two forms. */
  static Optional<ContentRange> parse(String header) {
    Matcher m = FORM.matcher(header.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long start = m.group(1) == null ? -1 : Long.parseLong(m.group(1));
    OptionalLong total = "*".equals(m.group(3))
        ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
    return Optional.of(new ContentRange(start, total));
  }

  @Override
  public String toString() {
    return "Content-Range from byte " + start
        + (total.isPresent() ? " of " + total.getAsLong() : "");
  }
}
