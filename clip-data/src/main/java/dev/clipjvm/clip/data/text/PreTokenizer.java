package dev.clipjvm.clip.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits cleaned text into the words that BPE encodes, with the reference pattern
 * {@code <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+}
 * (case-insensitive), written as a hand scanner because it runs once per character of every
 * caption. White space between matches is skipped.
 */
public final class PreTokenizer {

  static final String START_TOKEN = "<|startoftext|>";
  static final String END_TOKEN = "<|endoftext|>";
  private static final String[] CONTRACTIONS = {"s", "t", "re", "ve", "m", "ll", "d"};

  private PreTokenizer() {}

  /** The words of {@code cleaned}, in order. */
  public static List<String> split(String cleaned) {
    List<String> words = new ArrayList<>();
    int n = cleaned.length();
    int i = 0;
    while (i < n) {
      int end = matchEnd(cleaned, i);
      if (end < 0) {
        i += Character.charCount(cleaned.codePointAt(i));
      } else {
        words.add(cleaned.substring(i, end));
        i = end;
      }
    }
    return words;
  }

  /**
   * The words of raw (uncleaned) {@code text} when it is plain printable ASCII with no '&' and no
   * control characters other than tab, line feed, form feed and carriage return, else null. For
   * such text cleaning only collapses white space and lower-cases, neither of which changes the
   * words once lower-cased, so cleaning and splitting fuse into one pass.
   */
  static List<String> splitPlainAscii(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x7F || c == '&' || (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r')) {
        return null;
      }
    }
    String cleaned = text.toLowerCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < n) {
      char c = cleaned.charAt(i);
      if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
        i++;
        continue;
      }
      int end = matchEnd(cleaned, i);
      words.add(cleaned.substring(i, end));
      i = end;
    }
    return words;
  }

  /** End of the match starting at {@code i}, or -1 when {@code i} is white space. */
  private static int matchEnd(String s, int i) {
    char c = s.charAt(i);
    if (c == '<') {
      if (s.regionMatches(true, i, START_TOKEN, 0, START_TOKEN.length())) {
        return i + START_TOKEN.length();
      }
      if (s.regionMatches(true, i, END_TOKEN, 0, END_TOKEN.length())) {
        return i + END_TOKEN.length();
      }
    } else if (c == '\'') {
      for (String suffix : CONTRACTIONS) {
        if (s.regionMatches(true, i + 1, suffix, 0, suffix.length())) {
          return i + 1 + suffix.length();
        }
      }
    }
    int cp = s.codePointAt(i);
    if (isLetter(cp)) {
      int j = i + Character.charCount(cp);
      while (j < s.length()) {
        int next = s.codePointAt(j);
        if (!isLetter(next)) {
          break;
        }
        j += Character.charCount(next);
      }
      return j;
    }
    if (isNumber(cp)) {
      return i + Character.charCount(cp);
    }
    if (TextCleaner.isSpace(cp)) {
      return -1;
    }
    int j = i + Character.charCount(cp);
    while (j < s.length()) {
      int next = s.codePointAt(j);
      if (isLetter(next) || isNumber(next) || TextCleaner.isSpace(next)) {
        break;
      }
      j += Character.charCount(next);
    }
    return j;
  }

  static boolean isLetter(int cp) {
    if (cp < 0x80) {
      return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    }
    return Character.isLetter(cp);
  }

  static boolean isNumber(int cp) {
    if (cp < 0x80) {
      return cp >= '0' && cp <= '9';
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }
}
