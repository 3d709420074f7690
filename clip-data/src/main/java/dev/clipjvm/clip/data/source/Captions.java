package dev.clipjvm.clip.data.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Caption bytes from outside: decoded as strict UTF-8 (a malformed byte is an error, not a silent
 * U+FFFD) and refused when they contain NUL, which no tokenizer or tar/CSV consumer expects.
 */
final class Captions {

  private Captions() {}

  /** The stripped caption, or why {@code bytes} are not one (empty when they are). */
  static Result decode(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new Result("", Optional.of("is not valid UTF-8"));
    }
    return check(text);
  }

  /** The stripped caption, or why {@code text} is not one. */
  static Result check(String text) {
    if (text.indexOf('\0') >= 0) {
      return new Result("", Optional.of("contains a NUL character"));
    }
    if (text.indexOf('\uFFFD') >= 0) {
      // A replacement character is what a lenient reader made of invalid UTF-8.
      return new Result("", Optional.of("is not valid UTF-8 (U+FFFD)"));
    }
    return new Result(text.strip(), Optional.empty());
  }

  /** A decoded caption, or the problem that makes it invalid. */
  record Result(String caption, Optional<String> problem) {}
}
