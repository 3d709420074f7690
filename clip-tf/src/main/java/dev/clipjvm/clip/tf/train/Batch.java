package dev.clipjvm.clip.tf.train;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A batch of (image, text) pairs on the host: uint8 HWC RGB pixels and token ids.
 *
 * @param size pairs in the batch
 * @param imageSize side of the square images
 * @param pixels {@code size * imageSize * imageSize * 3} bytes
 * @param tokens {@code size} rows of equal length, each with an end-of-text token
 */
public record Batch(int size, int imageSize, byte[] pixels, int[][] tokens) {

  /** Validates the sizes. */
  public Batch {
    if (pixels.length != (long) size * imageSize * imageSize * 3) {
      throw new IllegalArgumentException("batch of " + size + " images of " + imageSize
          + " px needs " + (long) size * imageSize * imageSize * 3 + " bytes, got " + pixels.length);
    }
    if (tokens.length != size) {
      throw new IllegalArgumentException(size + " images but " + tokens.length + " token rows");
    }
    for (int[] row : tokens) {
      if (row.length != tokens[0].length) {
        throw new IllegalArgumentException("token rows differ in length");
      }
    }
  }

  /** The images as a tensor [size, imageSize, imageSize, 3] (caller closes). */
  public TUint8 imageTensor() {
    return TUint8.tensorOf(Shape.of(size, imageSize, imageSize, 3), DataBuffers.of(pixels, true, false));
  }

  /** The tokens as a tensor [size, row length] (caller closes), uncut. */
  public TInt32 tokenTensor() {
    int len = tokens[0].length;
    int[] flat = new int[size * len];
    for (int i = 0; i < size; i++) {
      System.arraycopy(tokens[i], 0, flat, i * len, len);
    }
    return TInt32.tensorOf(Shape.of(size, len), DataBuffers.of(flat, true, false));
  }

  /**
   * The tokens as a tensor [size, length] (caller closes), cut after the last end-of-text
   * position of the batch: exact under the causal mask, and much faster for short texts.
   *
   * @param endId the end-of-text id
   */
  public TInt32 tokenTensor(int endId) {
    int used = 1;
    for (int[] row : tokens) {
      for (int j = row.length - 1; j >= 0; j--) {
        if (row[j] == endId) {
          used = Math.max(used, j + 1);
          break;
        }
      }
    }
    int[] flat = new int[size * used];
    for (int i = 0; i < size; i++) {
      System.arraycopy(tokens[i], 0, flat, i * used, used);
    }
    return TInt32.tensorOf(Shape.of(size, used), DataBuffers.of(flat, true, false));
  }
}
