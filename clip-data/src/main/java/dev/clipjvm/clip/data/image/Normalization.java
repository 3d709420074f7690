package dev.clipjvm.clip.data.image;

import java.util.List;

/**
 * Per-channel normalization {@code (v / 255 - mean) / std} in float32, with the same operation
 * order as torchvision's {@code ToTensor} and {@code Normalize}, and the array layouts models take.
 *
 * @param mean per-channel means of R, G, B in [0, 1]
 * @param std per-channel standard deviations, positive
 */
public record Normalization(float[] mean, float[] std) {

  /** CLIP's statistics (OpenAI {@code clip/clip.py}). */
  public static final Normalization CLIP = new Normalization(
      new float[] {0.48145466f, 0.4578275f, 0.40821073f},
      new float[] {0.26862954f, 0.26130258f, 0.27577711f});

  /** Copies and validates the statistics. */
  public Normalization {
    mean = mean.clone();
    std = std.clone();
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("need 3 means and 3 standard deviations");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("standard deviations must be positive, got " + s);
      }
    }
  }

  /** A copy of the means. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the standard deviations. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** The normalized image as a {@code [3, H, W]} array (channels first). */
  public float[] chw(Pixels image) {
    float[] out = new float[3 * image.width() * image.height()];
    writeChw(image, out, 0);
    return out;
  }

  /**
   * The normalized planes as a {@code [3, H, W]} array: one contiguous pass per channel, on SIMD
   * lanes when the JVM has the Vector API ({@link BicubicResampler#simd()}; identical values).
   */
  public float[] chw(RgbPlanes image) {
    byte[] data = image.data();
    float[] out = new float[data.length];
    int n = image.width() * image.height();
    if (Simd.ENABLED) {
      for (int c = 0; c < 3; c++) {
        SimdNormalization.normalize(data, c * n, (c + 1) * n, mean[c], std[c], out);
      }
      return out;
    }
    float[][] table = table();
    for (int c = 0; c < 3; c++) {
      float[] t = table[c];
      for (int i = c * n; i < (c + 1) * n; i++) {
        out[i] = t[data[i] & 0xFF];
      }
    }
    return out;
  }

  /** The normalized image as a {@code [H, W, 3]} array (channels last). */
  public float[] hwc(Pixels image) {
    Pixels rgb = image.toRgb();
    byte[] data = rgb.data();
    float[] out = new float[data.length];
    for (int i = 0; i < data.length; i++) {
      int c = i % 3;
      out[i] = ((data[i] & 0xFF) / 255f - mean[c]) / std[c];
    }
    return out;
  }

  /** Images of one size as one {@code [N, 3, H, W]} array. */
  public float[] nchw(List<Pixels> images) {
    if (images.isEmpty()) {
      return new float[0];
    }
    int plane = 3 * images.get(0).width() * images.get(0).height();
    float[] out = new float[images.size() * plane];
    for (int i = 0; i < images.size(); i++) {
      Pixels p = images.get(i);
      if (3 * p.width() * p.height() != plane) {
        throw new IllegalArgumentException("image " + i + " is " + p.width() + "x" + p.height()
            + ", unlike image 0; a batch needs one size");
      }
      writeChw(p, out, i * plane);
    }
    return out;
  }

  /** The RGB samples as {@code [H, W, 3]} bytes, for normalization inside the graph. */
  public static byte[] uint8Hwc(Pixels image) {
    return image.toRgb().data();
  }

  private void writeChw(Pixels image, float[] out, int offset) {
    byte[] data = image.toRgb().data();
    int n = image.width() * image.height();
    float[][] table = table();
    for (int c = 0; c < 3; c++) {
      float[] t = table[c];
      int o = offset + c * n;
      for (int i = 0, p = c; i < n; i++, p += 3) {
        out[o + i] = t[data[p] & 0xFF];
      }
    }
  }

  /**
   * The normalized value of every 8-bit sample per channel, computed with the same float32
   * operations as the direct formula; lookups are exact and avoid two divisions per sample.
   */
  private float[][] table() {
    float[][] t = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        t[c][v] = (v / 255f - mean[c]) / std[c];
      }
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && java.util.Arrays.equals(mean, n.mean)
        && java.util.Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(mean) * 31 + java.util.Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + java.util.Arrays.toString(mean) + ", std="
        + java.util.Arrays.toString(std) + "]";
  }
}
