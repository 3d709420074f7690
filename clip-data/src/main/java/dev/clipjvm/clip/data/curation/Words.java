package dev.clipjvm.clip.data.curation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The word view used for matching: maximal runs of letters and digits, lower-cased. A query
 * matches a caption when its words appear consecutively among the caption's words, which is
 * case-insensitive, whole-word matching ("cat" matches "A Cat's toy", not "category").
 */
public final class Words {
  private Words() {}

  /** The lower-cased words of {@code text}, in order. */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
