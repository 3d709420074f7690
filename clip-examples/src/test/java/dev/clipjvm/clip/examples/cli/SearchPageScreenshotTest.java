package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.tf.search.Hit;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a search page in a headless Chromium and checks the thumbnails are really drawn.
 * Local only: skipped, with a message, where no {@code chromium} is on the PATH (CI installs no
 * browser).
 */
class SearchPageScreenshotTest {
  @TempDir Path tmp;

  @Test
  void thumbnailsRenderInAHeadlessBrowser() throws Exception {
    Optional<Path> browser = browser();
    assumeTrue(browser.isPresent(), "no chromium or chromium-browser on the PATH: the "
        + "screenshot test of the search page is skipped (apt-get install chromium to run it)");
    Path red = tmp.resolve("red.png");
    SearchCommandsTest.square(red, Color.RED);
    Path blue = tmp.resolve("blue.png");
    SearchCommandsTest.square(blue, Color.BLUE);
    Path page = tmp.resolve("page.html");
    SearchPage.write(page, "a red square", List.of(new Hit(red.toString(), 0.8765f),
        new Hit(blue.toString(), 0.1234f), new Hit(tmp.resolve("gone.png").toString(), 0.01f)));
    Path shot = tmp.resolve("shot.png");
    Process p = new ProcessBuilder(browser.get().toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--hide-scrollbars", "--window-size=900,500",
        "--screenshot=" + shot, page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("browser.log").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("browser finished").isTrue();
    assertThat(shot).as(Files.readString(tmp.resolve("browser.log"))).isRegularFile();
    BufferedImage image = ImageIO.read(shot.toFile());
    // Both thumbnails (96x72 each) appear: count pure-ish red and blue pixels.
    assertThat(count(image, Color.RED)).isGreaterThan(5000);
    assertThat(count(image, Color.BLUE)).isGreaterThan(5000);
    // A file gone since indexing is one marked card, not markup swallowed by a broken tag.
    assertThat(Files.readString(page)).contains("<div class=\"missing\">unreadable</div>")
        .doesNotContain("base64,<");
    if (System.getProperty("clip.screenshot") != null) {
      Files.copy(shot, Path.of(System.getProperty("clip.screenshot")),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int count(BufferedImage image, Color color) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        if (Math.abs(c.getRed() - color.getRed()) < 40
            && Math.abs(c.getGreen() - color.getGreen()) < 40
            && Math.abs(c.getBlue() - color.getBlue()) < 40) {
          n++;
        }
      }
    }
    return n;
  }

  private static Optional<Path> browser() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .flatMap(dir -> Stream.of("chromium", "chromium-browser")
            .map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable).findFirst();
  }
}
