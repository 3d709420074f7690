package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.data.pipeline.Batch;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** A host batch (clip-data's {@link Batch}) as the tensors a training step feeds. */
public final class BatchTensors {
  private BatchTensors() {}

  /** The images as a tensor {@code [size, imageSize, imageSize, 3]} (caller closes). */
  public static TUint8 images(Batch b) {
    return TUint8.tensorOf(Shape.of(b.size(), b.imageSize(), b.imageSize(), 3),
        DataBuffers.of(b.images(), true, false));
  }

  /** The tokens as a tensor {@code [size, contextLength]} (caller closes), uncut. */
  public static TInt32 tokens(Batch b) {
    return TInt32.tensorOf(Shape.of(b.size(), b.contextLength()),
        DataBuffers.of(b.tokens(), true, false));
  }

  /**
   * The tokens as a tensor {@code [size, length]} (caller closes), cut after the last
   * end-of-text position {@code endId} of the batch ({@link Batch#usedContext}).
   */
  public static TInt32 tokens(Batch b, int endId) {
    int used = b.usedContext(endId);
    return TInt32.tensorOf(Shape.of(b.size(), used), DataBuffers.of(b.tokens(used), true, false));
  }
}
