package dev.clipjvm.clip.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.data.ReferenceFiles;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BpeTokenizerInputsTest {

  private static BpeTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    tokenizer = BpeTokenizer.openAi(ReferenceFiles.require("bpe_simple_vocab_16e6.txt.gz"));
  }

  @Test
  void emptyAndBlankTextsGiveOnlyStartAndEnd() {
    assertThat(tokenizer.encode("")).isEmpty();
    assertThat(tokenizer.encode(" \t\n ")).isEmpty();
    int[][] rows = tokenizer.tokenize(List.of(""), 5, Overflow.ERROR);
    assertThat(rows[0]).containsExactly(49406, 49407, 0, 0, 0);
  }

  @Test
  void textOfOnlySpecialCharactersIsOneSymbolRun() {
    assertThat(tokenizer.decode(tokenizer.encode("!!!???..."))).isEqualTo("!!!???... ");
    assertThat(tokenizer.encode("<|endoftext|>")).containsExactly(49407);
    assertThat(tokenizer.encode("\u0000\u0001\u007f")).isEmpty();
  }

  @Test
  void loneSurrogatesBecomeReplacementCharacters() {
    int[] lone = tokenizer.encode("a\uD800b\uDC00");
    assertThat(lone).containsExactly(320, 39802, 321, 39802);
    assertThat(tokenizer.decode(lone)).isEqualTo("a \uFFFD b \uFFFD ");
  }

  @Test
  void truncatesKeepingTheEndToken() {
    String longText = "word ".repeat(100);
    int[][] rows = tokenizer.tokenize(List.of(longText), 77, Overflow.TRUNCATE);
    assertThat(rows[0]).hasSize(77);
    assertThat(rows[0][0]).isEqualTo(49406);
    assertThat(rows[0][76]).isEqualTo(49407);
    assertThat(rows[0][75]).isEqualTo(tokenizer.encode("word")[0]);
  }

  @Test
  void rejectsOverLongTextWhenAskedNamingIt() {
    assertThatThrownBy(() -> tokenizer.tokenize(List.of("ok", "one two three"), 4, Overflow.ERROR))
        .isInstanceOf(TextTooLongException.class)
        .hasMessageContaining("text 1 needs 5 tokens")
        .hasMessageContaining("context is 4");
  }

  @Test
  void textFillingTheContextExactlyIsKept() {
    int[][] rows = tokenizer.tokenize(List.of("one two"), 4, Overflow.ERROR);
    assertThat(tokenizer.decodeRow(rows[0])).isEqualTo("one two");
  }

  @Test
  void rejectsIdsOutsideTheVocabulary() {
    assertThatThrownBy(() -> tokenizer.decode(new int[] {49408}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("49408");
  }

  @Test
  void decodesInvalidUtf8AsReplacementCharacter() {
    // id 127 is the symbol of byte 0xC3 alone: an incomplete two-byte sequence.
    assertThat(tokenizer.decode(new int[] {127, 383})).isEqualTo("\uFFFD\uFFFD ");
  }
}
