package dev.clipjvm.clip.tf.train;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * TensorBoard event files written by TensorFlow's own summary ops ({@code
 * CreateSummaryFileWriter}, {@code WriteScalarSummary}, {@code FlushSummaryWriter}) in a small
 * graph of their own, so the training graph stays free of logging ops. TensorBoard reads the
 * directory as it is written.
 */
public final class TensorBoardLog implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op write;
  private final Op flush;
  private final Op close;

  /** Opens an event file in {@code dir} (created by the writer if missing). */
  public TensorBoardLog(Path dir) {
    Ops tf = Ops.create(graph);
    SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName("clip_train"));
    Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(dir.toString()),
        tf.constant(10), tf.constant(5000), tf.constant(".v2"));
    step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    write = tf.summary.writeScalarSummary(writer, step, tag, value);
    flush = tf.summary.flushSummaryWriter(writer);
    close = tf.summary.closeSummaryWriter(writer);
    session = new Session(graph);
    session.run(create);
  }

  /** Writes one scalar per entry of {@code scalars} at {@code globalStep}. */
  public void write(long globalStep, Map<String, Double> scalars) {
    try (TInt64 s = TInt64.scalarOf(globalStep)) {
      for (Map.Entry<String, Double> e : scalars.entrySet()) {
        try (TString t = TString.scalarOf(e.getKey());
            TFloat32 v = TFloat32.scalarOf(e.getValue().floatValue());
            Result none = session.runner().feed(step, s).feed(tag, t).feed(value, v)
                .addTarget(write).run()) {
          // Nothing is fetched; the (empty) result is closed like every other.
        }
      }
    }
  }

  /** Writes the buffered events to disk. */
  public void flush() {
    session.run(flush);
  }

  @Override
  public void close() {
    try {
      session.run(close);
    } finally {
      session.close();
      graph.close();
    }
  }
}
