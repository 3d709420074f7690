package dev.clipjvm.clip.data.curation;

import dev.clipjvm.clip.data.source.ShardWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A reproducible synthetic caption corpus for curation at scale: pseudo-words drawn with a
 * Zipf-like skew, captions of 4-20 words with mixed case and punctuation, and queries of one to
 * three words taken from the same vocabulary (so many match, some several times). Images are a
 * tiny PNG per sample, since curation reads captions only.
 */
public final class CaptionCorpus {
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
      "ze", "pa", "qu", "do", "fi", "gu", "ho", "ja"};
  private final List<String> vocabulary;
  private final long seed;

  /** A corpus over {@code vocabularySize} pseudo-words from {@code seed}. */
  public CaptionCorpus(int vocabularySize, long seed) {
    this.seed = seed;
    List<String> words = new ArrayList<>(vocabularySize);
    SplittableRandom r = new SplittableRandom(seed);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (words.size() < vocabularySize) {
      StringBuilder w = new StringBuilder();
      int syllables = 1 + r.nextInt(4);
      for (int s = 0; s < syllables; s++) {
        w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
      if (seen.add(w.toString())) {
        words.add(w.toString());
      }
    }
    this.vocabulary = List.copyOf(words);
  }

  private String word(SplittableRandom r) {
    // Squaring a uniform number skews draws toward the start of the vocabulary.
    double u = r.nextDouble();
    return vocabulary.get((int) (u * u * vocabulary.size()));
  }

  /** Caption {@code i}: a pure function of the seed and {@code i}. */
  public String caption(long i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    int n = 4 + r.nextInt(17);
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < n; k++) {
      String w = word(r);
      if (r.nextInt(10) == 0) {
        w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      }
      s.append(k == 0 ? "" : r.nextInt(12) == 0 ? ", " : " ").append(w);
    }
    return s.append(r.nextBoolean() ? "." : "").toString();
  }

  /** {@code count} distinct queries of one to three words. */
  public List<String> queries(int count) {
    SplittableRandom r = new SplittableRandom(~seed);
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    long limit = (long) vocabulary.size() * 50 + count * 10L;
    for (long tries = 0; out.size() < count && tries < limit; tries++) {
      int n = r.nextInt(10) < 6 ? 1 : r.nextInt(3) < 2 ? 2 : 3;
      StringBuilder q = new StringBuilder();
      for (int k = 0; k < n; k++) {
        q.append(k == 0 ? "" : " ").append(word(r));
      }
      out.add(q.toString());
    }
    if (out.size() < count) {
      throw new IllegalArgumentException("vocabulary too small for " + count + " queries");
    }
    return List.copyOf(out);
  }

  /** Writes captions {@code 0..count-1} to {@code writer} with a tiny PNG each. */
  public void write(ShardWriter writer, long count) throws IOException {
    byte[] png = tinyPng();
    for (long i = 0; i < count; i++) {
      writer.write(String.format("%09d", i), "png", png, caption(i), "");
    }
  }

  private static byte[] tinyPng() {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
