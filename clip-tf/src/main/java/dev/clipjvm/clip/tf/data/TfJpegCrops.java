package dev.clipjvm.clip.tf.data;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.RandomResizedCrop;
import dev.clipjvm.clip.data.image.Window;
import dev.clipjvm.clip.data.pipeline.BadRecordException;
import dev.clipjvm.clip.data.pipeline.EncodedAugmenter;
import dev.clipjvm.clip.data.source.BadReason;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeAndCropJpeg;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Random resized crops of JPEGs through TensorFlow: the crop window is drawn exactly as the image
 * package's {@code RandomResizedCrop} draws it (same seed, same window), then TensorFlow's
 * libjpeg-turbo decodes only that window ({@code DecodeAndCropJpeg}) and resizes it bicubically
 * (half-pixel centres, no antialiasing; pixels differ slightly from the Pillow-exact path, which
 * is immaterial for training crops that downscale by at most ~1.15x). Other formats and
 * augmentations return empty and take the general path. One graph and session serve every
 * worker thread (concurrent {@code Session.run} calls are safe); close it after the loader.
 */
public final class TfJpegCrops implements EncodedAugmenter, AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> contents;
  private final Placeholder<TInt32> window;
  private final Placeholder<TInt32> size;
  private final Operand<TInt32> shape;
  private final Operand<TUint8> crop;

  /** Builds the graph; each run uses one intra-op thread (the loader's workers parallelize). */
  public TfJpegCrops() {
    Ops tf = Ops.create(graph);
    contents = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    window = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(4)));
    size = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
    shape = tf.image.extractJpegShape(contents);
    Operand<TUint8> decoded = tf.image.decodeAndCropJpeg(contents, window,
        DecodeAndCropJpeg.channels(3L));                                   // [h, w, 3]
    Operand<TFloat32> resized = tf.image.resizeBicubic(tf.expandDims(decoded, tf.constant(0)),
        size, ResizeBicubic.halfPixelCenters(true));                       // [1, s, s, 3]
    crop = tf.dtypes.cast(tf.clipByValue(tf.math.round(resized), tf.constant(0f),
        tf.constant(255f)), TUint8.class);
    session = new Session(graph, ConfigProto.newBuilder().setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(1).build());
  }

  @Override
  public Optional<byte[]> apply(byte[] bytes, int outSize, Augmentation augmentation, long seed,
      long maxPixels) throws BadRecordException {
    if (!(augmentation instanceof RandomResizedCrop r) || !isJpeg(bytes)) {
      return Optional.empty();
    }
    try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes))) {
      int height;
      int width;
      try (Result res = session.runner().feed(contents, in).fetch(shape).run()) {
        TInt32 hw = (TInt32) res.get(0);
        height = hw.getInt(0);
        width = hw.getInt(1);
      }
      if ((long) width * height > maxPixels) {
        throw new BadRecordException(BadReason.OVERSIZED_IMAGE, "JPEG of " + width + "x"
            + height + " pixels, more than " + maxPixels);
      }
      Window w = new dev.clipjvm.clip.data.image.RandomResizedCrop(outSize, r.scaleMin(),
          r.scaleMax(), r.ratioMin(), r.ratioMax()).window(width, height,
          new SplittableRandom(seed));
      byte[] out = new byte[outSize * outSize * 3];
      try (TInt32 win = TInt32.vectorOf(w.y(), w.x(), w.height(), w.width());
          TInt32 sz = TInt32.vectorOf(outSize, outSize);
          Result res = session.runner().feed(contents, in).feed(window, win).feed(size, sz)
              .fetch(crop).run()) {
        ((TUint8) res.get(0)).asRawTensor().data().read(out);
      }
      return Optional.of(out);
    } catch (RuntimeException e) {
      // TensorFlow reports undecodable data as TFInvalidArgumentException (a RuntimeException).
      throw new BadRecordException(BadReason.CORRUPT_IMAGE, "corrupt or truncated JPEG: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8
        && (b[2] & 0xFF) == 0xFF;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
