package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.List;

/**
 * One batch of training pairs in sequence order.
 *
 * @param size samples in the batch (the last batch may be smaller)
 * @param imageSize side of the square images
 * @param images uint8 RGB pixels {@code [size, imageSize, imageSize, 3]}, row-major
 * @param contextLength token ids per caption (0 without a tokenize stage)
 * @param tokens token ids {@code [size, contextLength]}, row-major
 * @param captions the captions, in batch order
 * @param keys the record keys, in batch order
 * @param position where the pipeline stands after this batch (save it with a checkpoint)
 */
public record Batch(int size, int imageSize, byte[] images, int contextLength, int[] tokens,
    List<String> captions, List<String> keys, DataPosition position) {

  /** Checks the buffers match the sizes. */
  public Batch {
    captions = List.copyOf(captions);
    keys = List.copyOf(keys);
    if (images.length != (long) size * imageSize * imageSize * 3
        || tokens.length != (long) size * contextLength || captions.size() != size
        || keys.size() != size) {
      throw new IllegalArgumentException("batch buffers do not match size " + size);
    }
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
}
