package dev.clipjvm.clip.examples.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a deterministic folder of photo-sized JPEGs (default 500 x 375, quality 90, baseline
 * 4:2:0) for preprocessing benchmarks: a gradient sky, overlapping shapes and per-pixel noise,
 * so the files compress like photographs (about 40-70 KB) rather than flat colour.
 */
public final class BenchImages {

  private BenchImages() {}

  /** Writes {@code count} images {@code img_000.jpg...} of {@code width x height} into {@code dir}. */
  public static void write(Path dir, int count, int width, int height, long seed)
      throws IOException {
    Files.createDirectories(dir);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      for (int i = 0; i < count; i++) {
        BufferedImage image = draw(width, height, new SplittableRandom(seed * 1_000_003L + i));
        Path file = dir.resolve(String.format("img_%03d.jpg", i));
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
          writer.setOutput(out);
          ImageWriteParam param = writer.getDefaultWriteParam();
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(0.9f);
          writer.write(null, new IIOImage(image, null, null), param);
        }
      }
    } finally {
      writer.dispose();
    }
  }

  private static BufferedImage draw(int width, int height, SplittableRandom random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, color(random), 0, height, color(random)));
    g.fillRect(0, 0, width, height);
    for (int s = 0; s < 12; s++) {
      g.setColor(color(random));
      int w = 20 + random.nextInt(width / 2);
      int h = 20 + random.nextInt(height / 2);
      int x = random.nextInt(width) - w / 2;
      int y = random.nextInt(height) - h / 2;
      if (random.nextBoolean()) {
        g.fillOval(x, y, w, h);
      } else {
        g.fillRect(x, y, w, h);
      }
    }
    g.dispose();
    byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < data.length; i++) {
      int v = (data[i] & 0xFF) + random.nextInt(-12, 13);
      data[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return image;
  }

  private static Color color(SplittableRandom random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }
}
