package dev.clipjvm.clip.examples.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Inputs of the evaluation command tests: the tiny reference model and generated images. */
final class EvalFixtures {
  private EvalFixtures() {}

  /** The reference's tiny ViT (64 px, OpenAI vocabulary) checkpoint. */
  static Path vitTiny() {
    Path p = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"),
        "vit-tiny", "model.safetensors");
    if (!Files.isRegularFile(p)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("parity fixture missing: " + p.toAbsolutePath());
      }
      assumeTrue(false, "parity fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  /**
   * Class folders {@code root/CLASS/i.png} with {@code perClass} images each: class {@code c}
   * draws a square of colour {@code colours[c]} at a varying place on grey.
   */
  static Path classFolders(Path root, String[] classes, Color[] colours, int perClass)
      throws IOException {
    for (int c = 0; c < classes.length; c++) {
      Path d = Files.createDirectories(root.resolve(classes[c]));
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(48 + 8 * i, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(colours[c]);
        g.fillRect(4 + 3 * i, 6, 20, 20);
        g.dispose();
        ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
      }
    }
    return root;
  }
}
