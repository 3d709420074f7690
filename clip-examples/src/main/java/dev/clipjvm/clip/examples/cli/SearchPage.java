package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.data.image.BicubicResampler;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.tf.search.Hit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The results of a search as one self-contained HTML page: each image a JPEG thumbnail inlined
 * as a data URI (so the page can be mailed or moved without the photos), with its rank, cosine
 * score and path.
 */
final class SearchPage {
  /** Longest side of a thumbnail, in pixels. */
  static final int THUMBNAIL = 200;

  private SearchPage() {}

  /** Writes the page for {@code hits} of the query {@code title} to {@code file}. */
  static void write(Path file, String title, List<Hit> hits) throws IOException {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape("clip search: " + title)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:1.5em;background:#fafafa;color:#222}\n")
        .append(".grid{display:flex;flex-wrap:wrap;gap:14px}\n")
        .append("figure{margin:0;width:").append(THUMBNAIL + 16).append("px;background:#fff;")
        .append("border:1px solid #ddd;border-radius:6px;padding:8px;box-sizing:border-box}\n")
        .append("figure img{display:block;margin:0 auto;max-width:").append(THUMBNAIL)
        .append("px;max-height:").append(THUMBNAIL).append("px}\n")
        .append(".missing{height:").append(THUMBNAIL / 2).append("px;display:flex;")
        .append("align-items:center;justify-content:center;color:#a00}\n")
        .append("figcaption{font-size:12px;margin-top:6px;word-break:break-all}\n")
        .append(".score{font-weight:bold;font-size:14px}\n</style></head><body>\n<h1>")
        .append(escape(title)).append("</h1>\n<p>").append(hits.size())
        .append(" results, best first; the score is the cosine similarity.</p>\n")
        .append("<div class=\"grid\">\n");
    ImageDecoder decoder = new ImageDecoder();
    int rank = 1;
    for (Hit h : hits) {
      html.append("<figure>");
      String jpeg;
      try {
        jpeg = thumbnail(decoder.decode(Path.of(h.image())));
      } catch (IOException | RuntimeException e) {
        jpeg = null; // the index may outlive a photo: the result still shows, marked
      }
      html.append(jpeg == null ? "<div class=\"missing\">unreadable</div>"
          : "<img alt=\"" + escape(h.image()) + "\" src=\"data:image/jpeg;base64," + jpeg + "\">");
      html.append("<figcaption><span class=\"score\">#").append(rank++).append(" ")
          .append(String.format(Locale.ROOT, "%.4f", h.score())).append("</span><br>")
          .append(escape(h.image())).append("</figcaption></figure>\n");
    }
    html.append("</div>\n</body></html>\n");
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, html, StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** A JPEG of {@code image} fitted into {@value #THUMBNAIL} pixels, base64. */
  private static String thumbnail(Pixels image) throws IOException {
    Pixels rgb = image.toRgb();
    double scale = Math.min(1.0, (double) THUMBNAIL / Math.max(rgb.width(), rgb.height()));
    int w = Math.max(1, (int) Math.round(rgb.width() * scale));
    int h = Math.max(1, (int) Math.round(rgb.height() * scale));
    Pixels small = scale < 1 ? BicubicResampler.resize(rgb, w, h).toRgb() : rgb;
    BufferedImage out = new BufferedImage(small.width(), small.height(),
        BufferedImage.TYPE_INT_RGB);
    byte[] d = small.data();
    for (int y = 0; y < small.height(); y++) {
      for (int x = 0; x < small.width(); x++) {
        int i = (y * small.width() + x) * 3;
        out.setRGB(x, y, (d[i] & 0xff) << 16 | (d[i + 1] & 0xff) << 8 | (d[i + 2] & 0xff));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(out, "jpeg", bytes)) {
      throw new IOException("no JPEG writer");
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Text safe inside HTML elements and double-quoted attributes. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
