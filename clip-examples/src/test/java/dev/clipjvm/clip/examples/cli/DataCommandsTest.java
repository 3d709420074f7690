package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandsTest {
  @TempDir Path dir;

  private static JsonNode lastJson(String... args) throws Exception {
    List<String> lines = CliOutput.stdout(args).lines().toList();
    return new ObjectMapper().readTree(lines.get(lines.size() - 1));
  }


  @Test
  void writeShardsFromCsvThenStatsCountsSamplesAndBadRecords() throws Exception {
    Files.createDirectories(dir.resolve("img"));
    for (int i = 0; i < 3; i++) {
      ImageIO.write(new BufferedImage(40 + 100 * i, 70, BufferedImage.TYPE_INT_RGB), "png",
          dir.resolve("img/" + i + ".png").toFile());
    }
    Files.write(dir.resolve("img/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    Files.writeString(dir.resolve("pairs.csv"), "filepath,title\nimg/0.png,a small thing\n"
        + "img/1.png,\"two, words and more\"\nimg/2.png,\nimg/broken.jpg,broken image\n"
        + "img/missing.png,no file\n");

    JsonNode w = lastJson("data", "write-shards", "--csv", dir.resolve("pairs.csv").toString(),
        "--out", dir.resolve("shards").toString(), "--per-shard", "2", "--json");
    // The broken JPEG never reaches a shard: write-shards stores only files that decode.
    assertThat(w.get("samples").asLong()).isEqualTo(2);
    assertThat(w.get("shards").asLong()).isEqualTo(1);
    assertThat(w.get("bad").get("missing_caption").asLong()).isEqualTo(1);
    assertThat(w.get("bad").get("corrupt_image").asLong()).isEqualTo(1);
    assertThat(w.get("bad").get("unreadable_file").asLong()).isEqualTo(1);

    JsonNode s = lastJson("data", "stats", dir + "/shards/shard-00000.tar", "--json");
    assertThat(s.get("samples").asLong()).isEqualTo(2);
    assertThat(s.get("bad").get("corrupt_image").asLong()).isZero();
    assertThat(s.get("caption_words").get("1-4").asLong()).isEqualTo(2);
    assertThat(s.get("image_side").get("1-63").asLong()).isEqualTo(1);
    assertThat(s.get("image_side").get("64-127").asLong()).isEqualTo(1);
  }

  @Test
  void curateWithCheckAgreesWithBruteForce() throws Exception {
    Path corpus = dir.resolve("corpus");
    ClipCommand.commandLine().execute("data", "corpus", "--captions", "1500",
        "--queries", "200", "--vocabulary", "300", "--per-shard", "500", "--out",
        corpus.toString());
    JsonNode c = lastJson("data", "curate", "--queries", corpus.resolve("queries.txt").toString(),
        "--max-per-query", "5", "--in", corpus + "/corpus-{00000..00002}.tar", "--out",
        dir.resolve("curated").toString(), "--check", "--json");
    assertThat(c.get("pairs").asLong()).isEqualTo(1500);
    assertThat(c.get("check").asBoolean()).isTrue();
    assertThat(c.get("kept").asLong()).isPositive().isLessThanOrEqualTo(5 * 200);
    assertThat(Files.readAllLines(dir.resolve("curated/query_counts.tsv"))).hasSize(201);
  }
}
