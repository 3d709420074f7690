package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.Arrays;
import java.util.List;

/**
 * One batch of (image, caption) pairs on the host, in sequence order: the one batch type that
 * the loader assembles, training consumes and evaluation sets are read into.
 *
 * @param size samples in the batch (the last batch may be smaller)
 * @param imageSize side of the square images
 * @param images uint8 RGB pixels {@code [size, imageSize, imageSize, 3]}, row-major
 * @param contextLength token ids per caption (0 without a tokenize stage)
 * @param tokens token ids {@code [size, contextLength]}, row-major
 * @param captions the captions, in batch order
 * @param keys the record keys, in batch order
 * @param labels the class label of each sample, -1 where the source has none
 * @param position where the pipeline stands after this batch (save it with a checkpoint)
 */
public record Batch(int size, int imageSize, byte[] images, int contextLength, int[] tokens,
    List<String> captions, List<String> keys, int[] labels, DataPosition position) {

  /** Checks the buffers match the sizes. */
  public Batch {
    captions = List.copyOf(captions);
    keys = List.copyOf(keys);
    if (images.length != (long) size * imageSize * imageSize * 3
        || tokens.length != (long) size * contextLength || captions.size() != size
        || keys.size() != size || labels.length != size) {
      throw new IllegalArgumentException("batch buffers do not match size " + size);
    }
  }

  /**
   * A batch made by hand (benchmarks, tests): {@code images.length / (imageSize^2 * 3)}
   * samples with the given token rows, no captions, keys or labels, at no data position.
   */
  public static Batch of(int imageSize, byte[] images, int contextLength, int[] tokens) {
    int size = images.length / (imageSize * imageSize * 3);
    List<String> blank = java.util.Collections.nCopies(size, "");
    int[] labels = new int[size];
    Arrays.fill(labels, -1);
    return new Batch(size, imageSize, images, contextLength, tokens, blank, blank, labels,
        DataPosition.start(1));
  }

  /** The pixels of sample {@code i}: {@code imageSize * imageSize * 3} HWC RGB bytes. */
  public byte[] image(int i) {
    int n = imageSize * imageSize * 3;
    return Arrays.copyOfRange(images, i * n, (i + 1) * n);
  }

  /**
   * The images as floats {@code [size, 3, imageSize, imageSize]} (NCHW), scaled to [0, 1] and
   * normalized per channel by {@code (x - mean) / std}.
   */
  public float[] imagesNchw(float[] mean, float[] std) {
    int plane = imageSize * imageSize;
    float[] out = new float[size * 3 * plane];
    for (int n = 0; n < size; n++) {
      int src = n * plane * 3;
      int dst = n * plane * 3;
      for (int c = 0; c < 3; c++) {
        float scale = 1f / (255f * std[c]);
        float shift = mean[c] / std[c];
        for (int i = 0; i < plane; i++) {
          out[dst + c * plane + i] = (images[src + i * 3 + c] & 0xFF) * scale - shift;
        }
      }
    }
    return out;
  }

  /**
   * The length of the token rows cut after the last {@code endId} of the batch (at least 1):
   * exact for a causal text encoder, and much faster for short captions.
   */
  public int usedContext(int endId) {
    if (contextLength == 0) {
      throw new IllegalStateException("this batch has no tokens (no tokenize stage)");
    }
    int used = 1;
    for (int i = 0; i < size; i++) {
      for (int j = contextLength - 1; j >= used; j--) {
        if (tokens[i * contextLength + j] == endId) {
          used = j + 1;
          break;
        }
      }
    }
    return used;
  }

  /** The token ids {@code [size, length]} of the first {@code length} positions of each row. */
  public int[] tokens(int length) {
    if (length == contextLength) {
      return tokens;
    }
    int[] out = new int[size * length];
    for (int i = 0; i < size; i++) {
      System.arraycopy(tokens, i * contextLength, out, i * length, length);
    }
    return out;
  }
}
