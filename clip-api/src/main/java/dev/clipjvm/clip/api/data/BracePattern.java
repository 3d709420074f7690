package dev.clipjvm.clip.api.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brace expansion for shard lists as WebDataset writes them: numeric ranges
 * {@code {00000..00099}} (zero padding kept from the first bound) and alternatives
 * {@code {a,b,c}}; several groups expand as a product, left to right.
 */
public final class BracePattern {
  private static final Pattern GROUP = Pattern.compile("\\{([^{}]*)}");
  private static final Pattern RANGE = Pattern.compile("(\\d+)\\.\\.(\\d+)");
  private static final int MAX_EXPANSION = 10_000_000;

  private BracePattern() {}

  /** Expands {@code pattern}; throws {@link IllegalArgumentException} naming the fault. */
  public static List<String> expand(String pattern) {
    problem(pattern).ifPresent(p -> {
      throw new IllegalArgumentException("shard pattern \"" + pattern + "\": " + p);
    });
    List<String> out = new ArrayList<>();
    expandInto(pattern, out);
    return List.copyOf(out);
  }

  /** Why {@code pattern} cannot be expanded, if it cannot. */
  public static Optional<String> problem(String pattern) {
    int depth = 0;
    for (char ch : pattern.toCharArray()) {
      depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
      if (depth < 0 || depth > 1) {
        return Optional.of("unbalanced or nested braces");
      }
    }
    if (depth != 0) {
      return Optional.of("unbalanced braces");
    }
    long total = 1;
    Matcher m = GROUP.matcher(pattern);
    while (m.find()) {
      String body = m.group(1);
      Matcher r = RANGE.matcher(body);
      if (r.matches()) {
        if (r.group(1).length() > 18 || r.group(2).length() > 18) {
          return Optional.of("range bound too long in {" + body + "}");
        }
        long lo = Long.parseLong(r.group(1));
        long hi = Long.parseLong(r.group(2));
        if (hi < lo) {
          return Optional.of("range {" + body + "} ends before it starts");
        }
        total *= hi - lo + 1;
      } else if (body.contains(",")) {
        total *= body.split(",", -1).length;
      } else {
        return Optional.of("{" + body + "} is neither a range a..b nor a list a,b");
      }
      if (total > MAX_EXPANSION) {
        return Optional.of("expands to more than " + MAX_EXPANSION + " names");
      }
    }
    return Optional.empty();
  }

  private static void expandInto(String pattern, List<String> out) {
    Matcher m = GROUP.matcher(pattern);
    if (!m.find()) {
      out.add(pattern);
      return;
    }
    String head = pattern.substring(0, m.start());
    String tail = pattern.substring(m.end());
    String body = m.group(1);
    Matcher r = RANGE.matcher(body);
    if (r.matches()) {
      int width = r.group(1).length();
      long lo = Long.parseLong(r.group(1));
      long hi = Long.parseLong(r.group(2));
      for (long i = lo; i <= hi; i++) {
        String n = Long.toString(i);
        String padded = n.length() < width ? "0".repeat(width - n.length()) + n : n;
        expandInto(head + padded + tail, out);
      }
    } else {
      for (String alt : body.split(",", -1)) {
        expandInto(head + alt + tail, out);
      }
    }
  }
}
