package dev.clipjvm.clip.data.text;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the tokenizer: any text encodes to ids inside the vocabulary (or is too long for the
 * context, said so), and any merges file is a vocabulary or an IllegalArgumentException naming it.
 */
class TokenizerFuzzTest {
  private static final BpeTokenizer OPENAI = BpeTokenizer.openAi();

  @FuzzTest(maxDuration = "60s")
  void encodesAnyText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    for (int id : OPENAI.encode(text)) {
      if (id < 0 || id >= OPENAI.vocabSize()) {
        throw new AssertionError("id " + id + " outside the vocabulary for " + text);
      }
    }
    try {
      OPENAI.tokenize(java.util.List.of(text), 77, Overflow.ERROR);
    } catch (TextTooLongException expected) {
      // Over-long text is reported, not cut silently.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void readsAnyMergesFileOrNamesIt(byte[] bytes) throws IOException {
    Path file = Files.createTempFile("fuzz", ".txt");
    try {
      Files.write(file, bytes);
      BpeTokenizer t = BpeTokenizer.openAi(file);
      t.encode("a photo of a cat");
    } catch (IllegalArgumentException expected) {
      if (!String.valueOf(expected.getMessage()).contains(file.toString())) {
        throw new AssertionError("error does not name the file: " + expected.getMessage());
      }
    } finally {
      Files.delete(file);
    }
  }
}
