package dev.clipjvm.clip.data.text;

/** A text needs more tokens than the context holds and truncation was not requested. */
public final class TextTooLongException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private final int tokens;
  private final int context;

  /** Describes text {@code index} of a batch that needs {@code tokens} of {@code context}. */
  public TextTooLongException(int index, String text, int tokens, int context) {
    super("text " + index + " needs " + tokens + " tokens (start and end included) but the context"
        + " is " + context + "; shorten it or truncate: \"" + preview(text) + "\"");
    this.tokens = tokens;
    this.context = context;
  }

  /** Tokens the text needs, start and end included. */
  public int tokens() {
    return tokens;
  }

  /** The context it had to fit. */
  public int context() {
    return context;
  }

  private static String preview(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
