package dev.clipjvm.clip.data.text;

import java.nio.charset.Charset;
import java.text.Normalizer;

/**
 * Cleans text before tokenization as CLIP's reference does: the text repairs of ftfy that matter
 * for captions, HTML entities unescaped twice, whitespace collapsed to single spaces, lower case.
 *
 * <p>The repairs: lone UTF-16 surrogates become U+FFFD; C1 control characters are read as
 * windows-1252; Latin ligatures (U+FB00..U+FB06, U+0132, ...) and full-width forms
 * (U+FF01..U+FFEF, the ideographic space) take their compatibility form; curly quotes become
 * straight; terminal escape sequences and control characters are removed; the result is NFC.
 * ftfy's mojibake detection is not reproduced (captions that need it are rare and the heuristic
 * is large).
 */
public final class TextCleaner {

  private static final char[] C1 = new char[32];
  private static final String LIGATURES =
      "\u0132\u0133\u0149\u01C4\u01C5\u01C6\u01C7\u01C8\u01C9\u01CA\u01CB\u01CC\u01F1\u01F2\u01F3"
          + "\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06";

  static {
    Charset cp1252 = Charset.forName("windows-1252");
    for (int b = 0x80; b <= 0x9F; b++) {
      char c = new String(new byte[] {(byte) b}, cp1252).charAt(0);
      C1[b - 0x80] = c == '\uFFFD' ? (char) b : c;
    }
  }

  private TextCleaner() {}

  /** The fully cleaned, lower-cased text that the tokenizer splits into words. */
  public static String clean(String text) {
    String t = needsRepair(text) ? repair(text) : text;
    t = HtmlEntities.unescape(HtmlEntities.unescape(t));
    return LowerCase.of(collapseWhitespace(t));
  }

  /** The character that windows-1252 decodes byte {@code b} (0x80..0x9F) to, or the C1 control. */
  static char windows1252(int b) {
    return C1[b - 0x80];
  }

  /** True for Unicode White_Space characters, the class {@code \s} the reference regex uses. */
  public static boolean isSpace(int c) {
    if (c < 0x80) {
      return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
        || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
  }

  private static boolean needsRepair(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x7F || (c < 0x20 && !isSpace(c)) || c == 0x0B) {
        return true;
      }
    }
    return false;
  }

  private static String repair(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          out.append(c).append(text.charAt(++i));
        } else {
          out.append('\uFFFD');
        }
        continue;
      }
      if (c == 0x1B && i + 1 < n && text.charAt(i + 1) == '[') {
        int end = terminalEscapeEnd(text, i + 2);
        if (end > 0) {
          i = end - 1;
          continue;
        }
      }
      if (c >= 0x80 && c <= 0x9F) {
        c = windows1252(c);
      }
      appendRepaired(out, c);
    }
    return Normalizer.normalize(out, Normalizer.Form.NFC);
  }

  private static void appendRepaired(StringBuilder out, char c) {
    if (isControl(c)) {
      return;
    }
    if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) {
      out.append('\'');
    } else if (c >= 0x201C && c <= 0x201F) {
      out.append('"');
    } else if (c == 0x3000) {
      out.append(' ');
    } else if ((c >= 0xFF01 && c <= 0xFFEF) || LIGATURES.indexOf(c) >= 0) {
      out.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
    } else {
      out.append(c);
    }
  }

  private static boolean isControl(char c) {
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
        || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
  }

  /** End index (exclusive) of "ESC [ digits-or-semicolons letter" starting after the '[', or -1. */
  private static int terminalEscapeEnd(String text, int from) {
    int i = from;
    while (i < text.length() && ((text.charAt(i) >= '0' && text.charAt(i) <= '9') || text.charAt(i) == ';')) {
      i++;
    }
    if (i < text.length() && ((text.charAt(i) | 0x20) >= 'a' && (text.charAt(i) | 0x20) <= 'z')) {
      return i + 1;
    }
    return -1;
  }

  /** Replaces runs of white space by one space and trims both ends. */
  static String collapseWhitespace(String text) {
    StringBuilder out = null;
    int n = text.length();
    boolean pendingSpace = false;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        if (out == null) {
          out = new StringBuilder(n).append(text, 0, i);
        }
        pendingSpace = true;
        continue;
      }
      if (out != null) {
        if (pendingSpace && out.length() > 0) {
          out.append(' ');
        }
        out.append(c);
      }
      pendingSpace = false;
    }
    return out == null ? text : out.toString();
  }
}
