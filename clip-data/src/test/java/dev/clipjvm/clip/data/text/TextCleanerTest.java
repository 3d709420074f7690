package dev.clipjvm.clip.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCleanerTest {

  @Test
  void lowerCasesAndCollapsesWhiteSpace() {
    assertThat(TextCleaner.clean("  Hello,\u00A0  World\t\n")).isEqualTo("hello, world");
  }

  @Test
  void unescapesHtmlEntitiesTwice() {
    assertThat(TextCleaner.clean("&amp;lt;b&amp;gt; &#x41;&#66; &eacute &notit;"))
        .isEqualTo("<b> ab é ¬it;");
    assertThat(TextCleaner.clean("&amp;amp;amp;")).isEqualTo("&amp;");
    assertThat(TextCleaner.clean("&#0; &#150; &#xD800; &unknown;"))
        .isEqualTo("\uFFFD \u2013 \uFFFD &unknown;");
  }

  @Test
  void straightensCurlyQuotes() {
    assertThat(TextCleaner.clean("\u201CIt\u2019s\u201D")).isEqualTo("\"it's\"");
  }

  @Test
  void expandsLigaturesAndFullWidthForms() {
    assertThat(TextCleaner.clean("\uFB01ne \uFF21\uFF22\uFF23\u3000\uFF11")).isEqualTo("fine abc 1");
  }

  @Test
  void removesControlCharactersAndTerminalEscapes() {
    assertThat(TextCleaner.clean("a\u0000b\u001B[31mred\u001B[0m\uFEFF")).isEqualTo("abred");
  }

  @Test
  void readsC1ControlsAsWindows1252() {
    assertThat(TextCleaner.clean("\u0093quoted\u0094 \u0080")).isEqualTo("\"quoted\" \u20AC");
  }

  @Test
  void lowerCasesSigmaAndDottedCapitalIAsPython() {
    assertThat(TextCleaner.clean("ΟΔΟΣ Σ ΑΣ:Α ΑΣ\u0301 \u0130"))
        .isEqualTo("οδος σ ασ:α ας\u0301 i\u0307");
  }

  @Test
  void normalizesToNfc() {
    assertThat(TextCleaner.clean("cafe\u0301")).isEqualTo("caf\u00E9");
  }
}
