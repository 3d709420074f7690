package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.json.Json;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandsTest {
  @TempDir Path tmp;

  @Test
  void exportWritesASavedModelAndRefusesANonEmptyDirectory() throws Exception {
    Path model = fixture("vit-tiny").resolve("model.safetensors");
    Path out = tmp.resolve("saved");
    JsonNode json = json(CliOutput.stdout("export", "--checkpoint", model.toString(), "--out",
        out.toString(), "--json"));
    assertThat(json.path("embed_dim").asInt()).isEqualTo(64);
    assertThat(json.path("signatures")).hasSize(4);
    assertThat(out.resolve("saved_model.pb")).isRegularFile();
    assertThat(run("export", "--checkpoint", model.toString(), "--out", out.toString()))
        .isEqualTo(2);
  }

  @Test
  void indexesSearchesByTextAndImageWritesAPageAndRefusesAnotherModel() throws Exception {
    Path model = fixture("vit-tiny").resolve("model.safetensors");
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    square(photos.resolve("red.png"), Color.RED);
    square(photos.resolve("blue.png"), Color.BLUE);
    square(photos.resolve("green.png"), Color.GREEN);
    Files.writeString(photos.resolve("bad.png"), "not a png");
    // A FIFO with an image's name is refused without being opened (opening it would hang).
    assertThat(new ProcessBuilder("mkfifo", photos.resolve("pipe.png").toString()).start()
        .waitFor()).isZero();
    Path index = tmp.resolve("index");
    JsonNode first = json(CliOutput.stdout("index", "--checkpoint", model.toString(),
        photos.toString(), "--out", index.toString(), "--json", "--quiet"));
    assertThat(first.path("added").asInt()).isEqualTo(3);
    assertThat(first.path("failed").asInt()).isEqualTo(2);
    Path pipe = photos.resolve("pipe.png").toAbsolutePath().normalize();
    assertThat(Files.readString(index.resolve("failed.txt")))
        .contains(pipe + "\t" + pipe + ": not a regular file");
    JsonNode again = json(CliOutput.stdout("index", "--checkpoint", model.toString(),
        photos.toString(), "--out", index.toString(), "--json", "--quiet"));
    assertThat(again.path("added").asInt()).isZero();
    assertThat(again.path("already_indexed").asInt()).isEqualTo(3);
    assertThat(again.path("failed_before").asInt()).isEqualTo(2);

    JsonNode text = json(CliOutput.stdout("search", index.toString(), "a red car at night",
        "--top", "2", "--json"));
    assertThat(text.path("results")).hasSize(2);
    assertThat(text.path("results").get(0).path("score").asDouble())
        .isGreaterThanOrEqualTo(text.path("results").get(1).path("score").asDouble());

    Path page = tmp.resolve("page.html");
    JsonNode like = json(CliOutput.stdout("search", index.toString(), "--image",
        photos.resolve("blue.png").toString(), "--json", "--html", page.toString()));
    assertThat(like.path("results")).hasSize(3);
    assertThat(like.path("results").get(0).path("image").asText()).endsWith("blue.png");
    assertThat(like.path("results").get(0).path("score").asDouble()).isGreaterThan(0.9999);
    String html = Files.readString(page);
    assertThat(html).contains("data:image/jpeg;base64,").contains("blue.png");

    Path other = fixture("rn-tiny").resolve("model.safetensors");
    CliOutput.Run mixed = CliOutput.run("index", "--checkpoint", other.toString(),
        photos.toString(), "--out", index.toString(), "--quiet");
    assertThat(mixed.code()).isEqualTo(2);
    assertThat(mixed.err()).startsWith("clip index: " + index + " was built with ")
        .contains("cannot be mixed");
    assertThat(run("search", index.toString())).isEqualTo(2); // neither text nor --image
    // A folder of other files is not taken over as an index.
    assertThat(run("index", "--checkpoint", model.toString(), photos.toString(), "--out",
        photos.toString(), "--quiet")).isEqualTo(2);
    assertThat(photos.resolve("index.json")).doesNotExist();
  }

  static void square(Path file, Color color) throws Exception {
    BufferedImage image = new BufferedImage(96, 72, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 72; y++) {
      for (int x = 0; x < 96; x++) {
        image.setRGB(x, y, color.getRGB());
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static JsonNode json(String stdout) throws IOException {
    assertThat(stdout.strip()).doesNotContain("\n");
    return Json.mapper().readTree(stdout.strip());
  }

  private static int run(String... args) {
    return CliOutput.run(args).code();
  }

  static Path fixture(String name) {
    Path p = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"), name);
    if (!Files.isRegularFile(p.resolve("model.safetensors"))) {
      if ("true".equals(System.getenv("CI"))) {
        fail("parity fixture missing: " + p.toAbsolutePath());
      }
      assumeTrue(false, "parity fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }
}
