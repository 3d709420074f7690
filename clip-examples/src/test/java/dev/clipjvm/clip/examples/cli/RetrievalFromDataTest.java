package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.tf.inference.ClipModel;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip eval retrieval --checkpoint --data} against a brute-force count. */
class RetrievalFromDataTest {
  @TempDir Path dir;

  private static final String[] CLASSES = {"red", "green", "blue", "yellow"};
  private static final Color[] COLOURS = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};
  /** Captions of each image (image i of the list below): one to three each. */
  private static final String[][] CAPTIONS = {
      {"a red square", "something red"}, {"a green square"},
      {"a blue square on grey", "a blue box", "blue"}, {"a yellow square", "a yellow thing"},
      {"a red box"}, {"a green box", "green"}};

  @Test
  void recallFromCsvAndSidecarFoldersEqualsABruteForceCount() throws Exception {
    Path model = EvalFixtures.vitTiny();
    EvalFixtures.classFolders(dir.resolve("img"), CLASSES, COLOURS, 2);
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < CAPTIONS.length; i++) {
      images.add(dir.resolve("img").resolve(CLASSES[i % 4]).resolve(i / 4 + ".png"));
    }
    // CSV: one row per caption, an image's rows not adjacent; sidecar: one caption a line.
    StringBuilder csv = new StringBuilder("path,caption\n");
    List<String> captions = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < CAPTIONS.length; i++) {
        if (round < CAPTIONS[i].length) {
          csv.append(dir.relativize(images.get(i))).append(",\"").append(CAPTIONS[i][round])
              .append("\"\n");
        }
      }
    }
    Files.writeString(dir.resolve("captions.csv"), csv);
    Path folder = Files.createDirectories(dir.resolve("sidecar"));
    for (int i = 0; i < CAPTIONS.length; i++) {
      Files.copy(images.get(i), folder.resolve("im" + i + ".png"));
      Files.writeString(folder.resolve("im" + i + ".txt"), String.join("\n", CAPTIONS[i]));
    }
    // The reading order of each form: CSV images by first row, captions by row.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < CAPTIONS.length; i++) {
        if (round < CAPTIONS[i].length) {
          captions.add(CAPTIONS[i][round]);
          owner.add(i);
        }
      }
    }
    double[] expected;
    // One batch of images and one of captions, as the command's default batch makes them:
    // texts are encoded with the context cut to the longest in their batch, which moves
    // embeddings in the last digits.
    try (ClipModel m = ClipModel.load(model)) {
      expected = bruteForce(m.embedImages(images), m.embedTexts(captions), owner);
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode fromCsv = mapper.readTree(CliOutput.stdout("eval", "retrieval", "--checkpoint",
        model.toString(), "--data", dir.resolve("captions.csv").toString(), "--json"));
    JsonNode fromFolder = mapper.readTree(CliOutput.stdout("eval", "retrieval", "--checkpoint",
        model.toString(), "--data", folder.toString(), "--json"));
    String[] keys = {"text_to_image_r1", "text_to_image_r5", "image_to_text_r1",
        "image_to_text_r5", "text_to_image_mean_rank", "image_to_text_mean_rank"};
    for (JsonNode o : List.of(fromCsv, fromFolder)) {
      assertThat(o.get("images").asInt()).isEqualTo(CAPTIONS.length);
      assertThat(o.get("texts").asInt()).isEqualTo(captions.size());
      for (int k = 0; k < keys.length; k++) {
        assertThat(o.get(keys[k]).asDouble()).as(keys[k]).isCloseTo(expected[k], within(1e-12));
      }
    }
    // The brute force is not trivially 1: the tiny random model confuses these images.
    assertThat(expected[0]).isLessThan(1.0);
  }

  /**
   * Recall@1, @5 and mean rank both ways by counting: a caption's rank is one plus the images
   * scoring above its own; an image's rank is the best rank among its captions over all
   * captions.
   */
  private static double[] bruteForce(float[][] img, float[][] txt, List<Integer> owner) {
    int n = img.length;
    int m = txt.length;
    int[] textRank = new int[m];
    for (int t = 0; t < m; t++) {
      double own = dot(txt[t], img[owner.get(t)]);
      textRank[t] = 1;
      for (int i = 0; i < n; i++) {
        textRank[t] += dot(txt[t], img[i]) > own ? 1 : 0;
      }
    }
    int[] imageRank = new int[n];
    for (int i = 0; i < n; i++) {
      imageRank[i] = Integer.MAX_VALUE;
      for (int t = 0; t < m; t++) {
        if (owner.get(t) != i) {
          continue;
        }
        int rank = 1;
        for (int u = 0; u < m; u++) {
          rank += dot(img[i], txt[u]) > dot(img[i], txt[t]) ? 1 : 0;
        }
        imageRank[i] = Math.min(imageRank[i], rank);
      }
    }
    return new double[] {recall(textRank, 1), recall(textRank, 5), recall(imageRank, 1),
        recall(imageRank, 5), mean(textRank), mean(imageRank)};
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double recall(int[] ranks, int k) {
    return java.util.Arrays.stream(ranks).filter(r -> r <= k).count() / (double) ranks.length;
  }

  private static double mean(int[] ranks) {
    return java.util.Arrays.stream(ranks).average().orElseThrow();
  }
}
