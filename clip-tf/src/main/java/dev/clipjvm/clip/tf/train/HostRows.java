package dev.clipjvm.clip.tf.train;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The normalized features of a whole batch gathered on the host from micro-batch forward
 * passes (the first phase of {@link GradientCacheStep}); closes both tensors.
 *
 * @param images image features [batch, embed]
 * @param texts text features [batch, embed]
 */
record HostRows(TFloat32 images, TFloat32 texts) implements AutoCloseable {

  /**
   * Runs the encoders forward on each of {@code count} micro-batches of {@code microBatch} rows
   * and gathers their features; no activation outlives its run.
   */
  static HostRows embed(Session session, StepInputs in, TUint8 images, TInt32 tokens,
      int microBatch, int count) {
    TFloat32 imageRows = null;
    TFloat32 textRows = null;
    try {
      for (int i = 0; i < count; i++) {
        long from = (long) i * microBatch;
        long to = from + microBatch;
        try (TUint8 mi = rows(images, TUint8.class, from, to);
            TInt32 mt = rows(tokens, TInt32.class, from, to);
            Result r = session.runner().feed(in.images(), mi).feed(in.tokens(), mt)
                .fetch(in.imageFeatures()).fetch(in.textFeatures()).run()) {
          TFloat32 fi = (TFloat32) r.get(0);
          TFloat32 ft = (TFloat32) r.get(1);
          if (imageRows == null) {
            long batch = (long) microBatch * count;
            imageRows = TFloat32.tensorOf(Shape.of(batch, fi.shape().get(1)));
            textRows = TFloat32.tensorOf(Shape.of(batch, ft.shape().get(1)));
          }
          place(fi, imageRows, from);
          place(ft, textRows, from);
        }
      }
      HostRows out = new HostRows(imageRows, textRows);
      imageRows = null;
      textRows = null;
      return out;
    } finally {
      if (imageRows != null) {
        imageRows.close();
        textRows.close();
      }
    }
  }

  /** A new tensor holding rows {@code from .. to - 1} of {@code src} (caller closes). */
  static <T extends TType> T rows(T src, Class<T> type, long from, long to) {
    long rowBytes = src.numBytes() / src.shape().get(0);
    ByteDataBuffer data = src.asRawTensor().data().slice(from * rowBytes, (to - from) * rowBytes);
    return Tensor.of(type, src.shape().tail().prepend(to - from), data);
  }

  /** Copies {@code part} into {@code whole} starting at row {@code from}. */
  private static void place(TFloat32 part, TFloat32 whole, long from) {
    long rowBytes = whole.numBytes() / whole.shape().get(0);
    ByteDataBuffer dst = whole.asRawTensor().data();
    part.asRawTensor().data().copyTo(dst.slice(from * rowBytes, part.numBytes()),
        part.numBytes());
  }

  @Override
  public void close() {
    images.close();
    texts.close();
  }
}
