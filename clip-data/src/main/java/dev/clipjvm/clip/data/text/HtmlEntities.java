package dev.clipjvm.clip.data.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Unescapes HTML character references the way the HTML standard's parser does in text: named
 * references (with or without the semicolon, longest known prefix first), decimal and hex numeric
 * references, and the standard's replacements for invalid code points (C1 range read as
 * windows-1252, surrogates and out-of-range values as U+FFFD, non-characters removed).
 */
final class HtmlEntities {

  private static final int MAX_NAME = 32;
  private static final Map<String, String> NAMED = load();

  private HtmlEntities() {}

  /** Returns {@code text} with every character reference replaced; unchanged when it has no '&'. */
  static String unescape(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, amp);
    int i = amp;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = i + 1 < text.length() && text.charAt(i + 1) == '#'
          ? numeric(text, i, out)
          : named(text, i, out);
      if (end < 0) {
        out.append('&');
        i++;
      } else {
        i = end;
      }
    }
    return out.toString();
  }

  /** Appends a numeric reference starting at '&'; returns the end index or -1 if none matches. */
  private static int numeric(String text, int amp, StringBuilder out) {
    int i = amp + 2;
    boolean hex = i < text.length() && (text.charAt(i) == 'x' || text.charAt(i) == 'X');
    if (hex) {
      i++;
    }
    int start = i;
    long value = 0;
    int digit;
    while (i < text.length() && (digit = asciiDigit(text.charAt(i), hex)) >= 0) {
      value = Math.min(value * (hex ? 16 : 10) + digit, 0x7FFFFFFFL);
      i++;
    }
    if (i == start) {
      return -1;
    }
    if (i < text.length() && text.charAt(i) == ';') {
      i++;
    }
    out.append(codePoint(value));
    return i;
  }

  private static int asciiDigit(char c, boolean hex) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (hex && c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static String codePoint(long v) {
    if (v == 0) {
      return "\uFFFD";
    }
    if (v == 0x0D) {
      return "\r";
    }
    if (v >= 0x80 && v <= 0x9F) {
      return String.valueOf(TextCleaner.windows1252((int) v));
    }
    if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
      return "\uFFFD";
    }
    int cp = (int) v;
    boolean invalid = (cp >= 0x1 && cp <= 0x8) || cp == 0xB || (cp >= 0xE && cp <= 0x1F)
        || cp == 0x7F || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    return invalid ? "" : new String(Character.toChars(cp));
  }

  /** Appends a named reference starting at '&'; returns the end index or -1 if none matches. */
  private static int named(String text, int amp, StringBuilder out) {
    int i = amp + 1;
    int limit = Math.min(text.length(), i + MAX_NAME);
    while (i < limit && !stopsName(text.charAt(i))) {
      i++;
    }
    if (i == amp + 1) {
      return -1;
    }
    if (i < text.length() && text.charAt(i) == ';') {
      i++;
    }
    String name = text.substring(amp + 1, i);
    String value = NAMED.get(name);
    if (value != null) {
      out.append(value);
      return i;
    }
    for (int len = name.length() - 1; len > 1; len--) {
      value = NAMED.get(name.substring(0, len));
      if (value != null) {
        out.append(value).append(name, len, name.length());
        return i;
      }
    }
    out.append('&').append(name);
    return i;
  }

  private static boolean stopsName(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#'
        || c == ';';
  }

  private static Map<String, String> load() {
    Map<String, String> map = new HashMap<>(4096);
    try (InputStream in = HtmlEntities.class.getResourceAsStream("html5-entities.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        StringBuilder value = new StringBuilder();
        for (String hex : line.substring(tab + 1).split(" ")) {
          value.appendCodePoint(Integer.parseInt(hex, 16));
        }
        map.put(line.substring(0, tab), value.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the HTML entity table", e);
    }
    return Map.copyOf(map);
  }
}
