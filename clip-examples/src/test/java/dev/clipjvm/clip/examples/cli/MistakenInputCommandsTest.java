package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.image.BadImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary mistakes (broken vocabularies, malformed CSV, unwritable folders) exit 2 in one line. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MistakenInputCommandsTest {
  @TempDir Path tmp;

  private static String mistake(String stdin, String... args) {
    CliOutput.Run r = CliOutput.runWithInput(stdin, args);
    assertThat(r.code()).as("exit code of clip %s; stderr: %s", String.join(" ", args), r.err())
        .isEqualTo(2);
    assertThat(r.err().strip()).as("stderr of clip %s", String.join(" ", args))
        .doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
    return r.err().strip();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void tokenizeRefusesBrokenVocabularies() throws IOException {
    StringBuilder merges = new StringBuilder("#version: 0.2\n");
    for (int i = 0; i < 2000; i++) {
      merges.append("a").append(i % 10).append(" b").append(i / 10).append('\n');
    }
    byte[] whole = gzip(merges.toString());
    Path truncated = Files.write(tmp.resolve("cut.txt.gz"), Arrays.copyOf(whole,
        whole.length / 2));
    assertThat(mistake("a photo\n", "tokenize", "--vocab", truncated.toString()))
        .contains("cut.txt.gz");
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    Path garbage = Files.write(tmp.resolve("garbage.txt"), noise);
    assertThat(mistake("a photo\n", "tokenize", "--vocab", garbage.toString()))
        .contains("garbage.txt");
    Path empty = Files.write(tmp.resolve("empty.txt"), new byte[0]);
    assertThat(mistake("a photo\n", "tokenize", "--vocab", empty.toString()))
        .contains("empty.txt");
    Path headerOnly = Files.writeString(tmp.resolve("header.txt"), "#version: 0.2\n");
    assertThat(mistake("a photo\n", "tokenize", "--vocab", headerOnly.toString()))
        .contains("header.txt");
    Path vocabJson = Files.writeString(tmp.resolve("vocab.json"), "{\"a\": 0, \"b\": ");
    Path mergesTxt = Files.writeString(tmp.resolve("merges.txt"), "#version: 0.2\n");
    assertThat(mistake("a photo\n", "tokenize", "--vocab", vocabJson.toString(), "--merges",
        mergesTxt.toString())).contains("vocab.json");
  }

  @Test
  void malformedCsvAndUnwritableOutputsAreMistakes() throws IOException {
    Path csv = Files.writeString(tmp.resolve("bad.csv"),
        "filepath,title\n\"a.png,unterminated quote\nb.png,x\n");
    assertThat(mistake("", "data", "write-shards", "--csv", csv.toString(), "--out",
        tmp.resolve("s").toString())).contains("bad.csv");
    // A file where the output folder should go (permissions do not stop root, a file does).
    Path blocker = Files.writeString(tmp.resolve("blocker"), "a file");
    Path good = Files.writeString(tmp.resolve("good.csv"), "filepath,title\n");
    assertThat(mistake("", "data", "write-shards", "--csv", good.toString(), "--out",
        blocker.resolve("sub").toString())).contains("blocker");
    Path png = Files.write(tmp.resolve("a.png"), BadImages.png());
    assertThat(mistake("", "preprocess", png.toString(), "--size", "32", "--out",
        blocker.resolve("p.safetensors").toString())).contains("blocker");
  }
}
