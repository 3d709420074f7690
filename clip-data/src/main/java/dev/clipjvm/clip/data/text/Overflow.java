package dev.clipjvm.clip.data.text;

/** What {@link BpeTokenizer#tokenize} does with a text longer than the context. */
public enum Overflow {
  /** Keep the first {@code context - 1} tokens and end with the end token, as OpenAI's option. */
  TRUNCATE,
  /** Throw {@link TextTooLongException} naming the text. */
  ERROR
}
