package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsCommandsTest {

  private static Path reference(String relative) {
    Path path = Path.of(System.getProperty("clip.reference.dir", "../shared/reference"))
        .resolve(relative);
    if (!Files.exists(path)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("reference fixture missing on CI: " + path);
      }
      assumeTrue(false, "reference fixture missing: " + path);
    }
    return path;
  }

  private static String run(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = ClipCommand.commandLine().execute(args);
      return code + "|" + out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
    }
  }

  @Test
  void tokenizePrintsOneJsonArrayPerLine() {
    String vocab = reference("bpe_simple_vocab_16e6.txt.gz").toString();
    assertThat(run("a dog\n\n", "tokenize", "--vocab", vocab, "--raw"))
        .isEqualTo("0|[320, 1929]\n[]\n");
    assertThat(run("a dog\n", "tokenize", "--vocab", vocab, "--context", "6"))
        .isEqualTo("0|[49406, 320, 1929, 49407, 0, 0]\n");
    assertThat(run("a b c d\n", "tokenize", "--vocab", vocab, "--context", "4")).startsWith("2|");
    assertThat(run("a b c d\n", "tokenize", "--vocab", vocab, "--context", "4", "--truncate"))
        .isEqualTo("0|[49406, 320, 321, 49407]\n");
  }

  @Test
  void tokenizeUsesTheBundledOpenAiVocabularyUnlessVocabIsGiven(@TempDir Path dir)
      throws Exception {
    assertThat(run("a dog\n", "tokenize", "--context", "6"))
        .isEqualTo("0|[49406, 320, 1929, 49407, 0, 0]\n");
    Path own = dir.resolve("merges.txt");
    Files.writeString(own, "#version: 0.2\nd o\n"); // one merge: "do" gets id 512
    assertThat(run("a dog\n", "tokenize", "--vocab", own.toString(), "--raw"))
        .isEqualTo("0|[320, 512, 326]\n");
  }

  @Test
  void preprocessWritesOneTensorPerImage(@TempDir Path dir) throws Exception {
    Path image = reference("images/gray_64x64.png");
    Path out = dir.resolve("out.safetensors");
    assertThat(run("", "preprocess", "--size", "32", image.toString(), "--out", out.toString()))
        .startsWith("0|");
    TensorFile file = Safetensors.read(out);
    assertThat(file.tensors()).containsOnlyKeys("gray_64x64.png@32");
    assertThat(file.get("gray_64x64.png@32").shape()).containsExactly(3, 32, 32);
  }
}
