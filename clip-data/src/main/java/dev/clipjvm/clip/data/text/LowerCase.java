package dev.clipjvm.clip.data.text;

/**
 * Lower-cases text with Unicode's full mappings as Python's {@code str.lower()} does: simple
 * per-character mappings, U+0130 to "i" + combining dot above, and capital sigma to final sigma
 * when it ends a cased word ({@code \p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})}),
 * judged over the whole text rather than by Java's locale-sensitive rules.
 */
final class LowerCase {

  private LowerCase() {}

  static String of(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && text.charAt(i) < 0x80 && !(text.charAt(i) >= 'A' && text.charAt(i) <= 'Z')) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n + 8).append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      if (cp == 0x130) {
        out.append("i\u0307");
      } else if (cp == 0x3A3) {
        out.append(isFinalSigma(text, i) ? '\u03C2' : '\u03C3');
      } else {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean isFinalSigma(String text, int at) {
    int j = at;
    int before = -1;
    while (j > 0) {
      int cp = text.codePointBefore(j);
      j -= Character.charCount(cp);
      if (!isCaseIgnorable(cp)) {
        before = cp;
        break;
      }
    }
    if (before < 0 || !isCased(before)) {
      return false;
    }
    j = at + 1;
    while (j < text.length()) {
      int cp = text.codePointAt(j);
      if (!isCaseIgnorable(cp)) {
        return !isCased(cp);
      }
      j += Character.charCount(cp);
    }
    return true;
  }

  private static boolean isCased(int cp) {
    return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
  }

  /** Unicode Case_Ignorable: marks, format characters, modifiers and word-internal punctuation. */
  private static boolean isCaseIgnorable(int cp) {
    switch (cp) {
      case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52,
          0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
        return true;
      default:
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
            || type == Character.FORMAT || type == Character.MODIFIER_LETTER
            || type == Character.MODIFIER_SYMBOL;
    }
  }
}
