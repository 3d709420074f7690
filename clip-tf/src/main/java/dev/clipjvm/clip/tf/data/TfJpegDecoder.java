package dev.clipjvm.clip.tf.data;

import dev.clipjvm.clip.data.image.FastJpegDecoder;
import dev.clipjvm.clip.data.image.ImageDecodeException;
import dev.clipjvm.clip.data.image.Pixels;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * JPEG decoding with TensorFlow's {@code DecodeJpeg}, which runs libjpeg-turbo (SIMD) with the
 * settings Pillow's libjpeg uses: the accurate integer DCT ({@code INTEGER_ACCURATE}, JDCT_ISLOW)
 * and fancy upsampling. For the YCbCr JPEGs {@link dev.clipjvm.clip.data.image.ImageDecoder}
 * hands it the pixels equal the ImageIO path's and Pillow's, in about 60% of the CPU time of
 * the JDK's libjpeg on 500 x 375 JPEGs (clip-examples' {@code JpegDecodeBenchmark}).
 *
 * <p>Registered as the {@link FastJpegDecoder} service, so adding clip-tf to the class path makes
 * {@code new ImageDecoder()} and {@code Preprocessor.clipEval} use it. One graph and session
 * serve all threads (concurrent runs are safe); each run executes in the calling thread. The
 * session is built on first use and closed by {@link #close()} or, for the service instance, at
 * JVM shutdown.
 */
public final class TfJpegDecoder implements FastJpegDecoder, AutoCloseable {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private Graph graph;
  private volatile Session session;
  private Placeholder<TString> contents;
  private Operand<TUint8> decoded;
  private boolean closed;

  /** A decoder whose graph is built on first use; the service instance closes at shutdown. */
  public TfJpegDecoder() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "clip-tf-jpeg-close"));
  }

  @Override
  public String name() {
    return "tensorflow";
  }

  @Override
  public Pixels decodeRgb(byte[] jpeg, String source) throws ImageDecodeException {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("TfJpegDecoder is closed");
      }
      if (session == null) {
        build();
      }
      try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(jpeg));
          Result res = session.runner().feed(contents, in).fetch(decoded).run()) {
        TUint8 hwc = (TUint8) res.get(0);
        Shape shape = hwc.shape();
        if (shape.numDimensions() != 3 || shape.size(2) != 3) {
          throw new ImageDecodeException(source, "DecodeJpeg returned shape " + shape);
        }
        byte[] rgb = new byte[(int) shape.size()];
        hwc.asRawTensor().data().read(rgb);
        return Pixels.rgb((int) shape.size(1), (int) shape.size(0), rgb);
      } catch (RuntimeException e) {
        // TensorFlow reports undecodable data as TFInvalidArgumentException.
        throw new ImageDecodeException(source, "TensorFlow could not decode the JPEG: "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Builds the graph under the read lock; the first caller wins, others wait on the monitor. */
  private synchronized void build() {
    if (session != null) {
      return;
    }
    Graph g = new Graph();
    Ops tf = Ops.create(g);
    contents = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    decoded = tf.image.decodeJpeg(contents, DecodeJpeg.channels(3L),
        DecodeJpeg.dctMethod("INTEGER_ACCURATE"), DecodeJpeg.fancyUpscaling(true));
    // A negative inter-op thread count runs every op in the caller's thread.
    session = new Session(g, ConfigProto.newBuilder().setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(-1).build());
    graph = g;
  }

  /** Closes the session and graph; later decodes throw. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (session != null) {
        session.close();
        graph.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
