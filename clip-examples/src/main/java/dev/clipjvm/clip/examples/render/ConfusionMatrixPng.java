package dev.clipjvm.clip.examples.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A confusion matrix as a PNG: rows are the true classes, columns the predicted ones; each cell
 * is shaded by its share of the row (the row's recall on the diagonal) and, while the cells are
 * large enough, shows its count.
 */
public final class ConfusionMatrixPng {
  private static final int MAX_LABEL = 24;

  private ConfusionMatrixPng() {}

  /** Writes {@code confusion[label][predicted]} with class {@code labels} to {@code file}. */
  public static void write(Path file, List<String> labels, long[][] confusion, String title)
      throws IOException {
    int k = labels.size();
    int cell = Math.max(6, Math.min(48, 900 / Math.max(1, k)));
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(13, cell / 2)));
    int margin = k <= 60 ? 8 + MAX_LABEL * font.getSize() * 6 / 10 : 20;
    int top = 30 + margin;
    int width = margin + k * cell + 20;
    int height = top + k * cell + 20;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(font.deriveFont(Font.BOLD, 14f));
    g.drawString(title + "  (rows: true class, columns: predicted)", 8, 20);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    for (int r = 0; r < k; r++) {
      long total = 0;
      for (long v : confusion[r]) {
        total += v;
      }
      for (int c = 0; c < k; c++) {
        double share = total == 0 ? 0 : confusion[r][c] / (double) total;
        int shade = (int) Math.round(255 * (1 - share));
        g.setColor(r == c ? new Color(shade, shade, 255) : new Color(255, shade, shade));
        int x = margin + c * cell;
        int y = top + r * cell;
        g.fillRect(x, y, cell, cell);
        if (cell >= 22 && confusion[r][c] > 0) {
          String s = Long.toString(confusion[r][c]);
          g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
          g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
        }
      }
    }
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(margin, top, k * cell, k * cell);
    if (k <= 60) {
      g.setColor(Color.BLACK);
      for (int i = 0; i < k; i++) {
        String s = shorten(labels.get(i));
        g.drawString(s, margin - 4 - fm.stringWidth(s), top + i * cell + (cell + fm.getAscent()) / 2
            - 2);
        AffineTransform saved = g.getTransform();
        g.translate(margin + i * cell + (cell + fm.getAscent()) / 2 - 2, top - 4);
        g.rotate(-Math.PI / 2);
        g.drawString(s, 0, 0);
        g.setTransform(saved);
      }
    }
    g.dispose();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer for " + file);
    }
  }

  private static String shorten(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "…";
  }
}
