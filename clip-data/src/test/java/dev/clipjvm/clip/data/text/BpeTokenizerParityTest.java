package dev.clipjvm.clip.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.data.ReferenceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTokenizerParityTest {

  private static BpeTokenizer openAi;
  private static List<JsonNode> cases;

  @BeforeAll
  static void load() throws IOException {
    openAi = BpeTokenizer.openAi(ReferenceFiles.require("bpe_simple_vocab_16e6.txt.gz"));
    JsonNode root = new ObjectMapper()
        .readTree(ReferenceFiles.require("vectors/tokenizer_cases.json").toFile());
    cases = new ArrayList<>();
    root.get("cases").forEach(cases::add);
  }

  private static int[] ids(JsonNode c) {
    int[] ids = new int[c.get("ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = c.get("ids").get(i).asInt();
    }
    return ids;
  }

  private static void assertAllCases(BpeTokenizer tokenizer) {
    assertThat(cases).hasSize(32);
    for (JsonNode c : cases) {
      String text = c.get("text").asText();
      assertThat(tokenizer.encode(text)).as(text).containsExactly(ids(c));
    }
  }

  @Test
  void openAiVocabularyHasTheReferenceLayout() {
    assertThat(openAi.vocabSize()).isEqualTo(49408);
    assertThat(openAi.startId()).isEqualTo(49406);
    assertThat(openAi.endId()).isEqualTo(49407);
  }

  @Test
  void encodesEveryReferenceCaseToTheSameIds() {
    assertAllCases(openAi);
  }

  @Test
  void bundledVocabularyEqualsTheReferenceFileAndEncodesEveryCaseAlike() {
    BpeTokenizer bundled = BpeTokenizer.openAi();
    assertThat(bundled.vocabulary()).isEqualTo(openAi.vocabulary());
    assertThat(bundled.vocabSize()).isEqualTo(49408);
    assertAllCases(bundled);
  }

  @Test
  void bundledVocabularyShipsWithItsLicenseNotice() throws IOException {
    try (InputStream in = BpeVocabulary.class.getResourceAsStream(
        "/META-INF/THIRD-PARTY-NOTICES.txt")) {
      assertThat(in).isNotNull();
      String notice = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(notice).contains(BpeVocabulary.BUNDLED_OPENAI, "Copyright (c) 2021 OpenAI",
          "Permission is hereby granted, free of charge");
    }
  }

  @Test
  void decodesEveryReferenceCaseToTheReferenceText() {
    for (JsonNode c : cases) {
      assertThat(openAi.decode(ids(c))).as(c.get("text").asText())
          .isEqualTo(c.get("decoded").asText());
    }
  }

  @Test
  void framesRowsWithStartEndAndZeroPadding() {
    int[][] rows = openAi.tokenize(List.of("a diagram", "a dog"), 77, Overflow.ERROR);
    int[] expected = new int[77];
    System.arraycopy(new int[] {49406, 320, 22697, 49407}, 0, expected, 0, 4);
    assertThat(rows[0]).containsExactly(expected);
    assertThat(rows[1][0]).isEqualTo(49406);
    assertThat(rows[1][3]).isEqualTo(49407);
    assertThat(openAi.decodeRow(rows[0])).isEqualTo("a diagram");
  }

  @Test
  void huggingFaceFilesGiveTheSameIds(@TempDir Path dir) throws IOException {
    Path vocab = dir.resolve("vocab.json");
    Path merges = dir.resolve("merges.txt");
    openAi.vocabulary().writeHuggingFace(vocab, merges);
    BpeTokenizer hf = BpeTokenizer.fromHuggingFace(vocab, merges);
    assertThat(hf.vocabSize()).isEqualTo(49408);
    assertAllCases(hf);
  }

  @Test
  void readsAnUncompressedMergesFile(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("bpe.txt");
    try (InputStream in = new GZIPInputStream(
        Files.newInputStream(ReferenceFiles.require("bpe_simple_vocab_16e6.txt.gz")))) {
      Files.write(plain, in.readAllBytes());
    }
    BpeTokenizer fromPlain = BpeTokenizer.openAi(plain);
    assertThat(fromPlain.vocabulary()).isEqualTo(openAi.vocabulary());
  }

  @Test
  void parallelEncodingMatchesSequential() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      texts.add(cases.get(i % cases.size()).get("text").asText() + " variant " + i);
    }
    BpeTokenizer fresh = new BpeTokenizer(openAi.vocabulary(), 64);
    List<int[]> sequential = texts.stream().map(openAi::encode).toList();
    List<int[]> parallel = texts.parallelStream().map(fresh::encode).toList();
    for (int i = 0; i < texts.size(); i++) {
      assertThat(parallel.get(i)).containsExactly(sequential.get(i));
    }
  }
}
