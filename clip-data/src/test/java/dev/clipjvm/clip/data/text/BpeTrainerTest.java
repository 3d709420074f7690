package dev.clipjvm.clip.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {

  private static final List<String> CORPUS = List.of(
      "a photo of a red cat", "a photo of a blue dog", "a drawing of a red dog",
      "the cat sat on the mat", "a photo of the cat", "Ünïcödé café");

  @Test
  void learnsTheMostFrequentPairFirst() {
    BpeVocabulary v = BpeTrainer.train(List.of("aaab aaab aaab xy"), 515);
    // "aaab</w>" x3: pairs (a,a) x6, (a,b</w>) x3; (x,y</w>) x1.
    assertThat(v.merges()).containsExactly(new Merge("a", "a"));
    assertThat(v.size()).isEqualTo(515);
  }

  @Test
  void isDeterministicAndHasClipLayout() {
    BpeVocabulary first = BpeTrainer.train(CORPUS, 600);
    BpeVocabulary second = BpeTrainer.train(new ArrayList<>(CORPUS), 600);
    assertThat(first).isEqualTo(second);
    BpeTokenizer tokenizer = new BpeTokenizer(first);
    assertThat(tokenizer.startId()).isEqualTo(first.size() - 2);
    assertThat(tokenizer.endId()).isEqualTo(first.size() - 1);
    assertThat(first.tokens().get(512)).isEqualTo(first.merges().get(0).joined());
  }

  @Test
  void stopsWhenTheCorpusRunsOutOfPairs() {
    BpeVocabulary v = BpeTrainer.train(List.of("ab ab"), 1000);
    assertThat(v.merges()).containsExactly(new Merge("a", "b</w>"));
    assertThat(BpeTrainer.train(List.of("ab cd"), 1000, 2).merges()).isEmpty();
  }

  @Test
  void trainedWordsEncodeToSingleTokensAndDecodeBack() {
    BpeTokenizer tokenizer = new BpeTokenizer(BpeTrainer.train(CORPUS, 700));
    assertThat(tokenizer.encode("a photo of a red cat")).hasSize(6);
    assertThat(tokenizer.decode(tokenizer.encode("Ünïcödé zebra"))).isEqualTo("ünïcödé zebra ");
  }

  @Test
  void roundTripsThroughTheMergesFormat(@TempDir Path dir) throws IOException {
    BpeVocabulary v = BpeTrainer.train(CORPUS, 650);
    Path gz = dir.resolve("vocab.txt.gz");
    Path plain = dir.resolve("vocab.txt");
    v.writeMerges(gz);
    v.writeMerges(plain);
    assertThat(BpeVocabulary.openAi(gz)).isEqualTo(v);
    assertThat(BpeVocabulary.openAi(plain)).isEqualTo(v);
  }

  @Test
  void rejectsAVocabularyTooSmallForTheBaseSymbols() {
    assertThatThrownBy(() -> BpeTrainer.train(CORPUS, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 514");
  }
}
