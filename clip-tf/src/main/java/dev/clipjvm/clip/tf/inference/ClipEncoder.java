package dev.clipjvm.clip.tf.inference;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.train.Device;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.device.Sessions;
import dev.clipjvm.clip.tf.model.ClipGraph;
import dev.clipjvm.clip.tf.model.ImageTower;
import dev.clipjvm.clip.tf.params.InitialValues;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.params.VariableParameters;
import dev.clipjvm.clip.tf.train.MixedPrecision;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A CLIP model ready for inference: encodes images and texts into the joint space and scores
 * them. Batches of any size are split into chunks of at most {@link #chunk()} rows; texts are
 * grouped by length so short prompts cost only their own positions. Safe to call from several
 * threads (TensorFlow sessions run concurrently); closing releases the native graph and session.
 */
public final class ClipEncoder implements AutoCloseable {
  private final ClipConfig config;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TUint8> pixels;
  private final Operand<TFloat32> images; // normalized NHWC: fed directly for float input
  private final Placeholder<TInt32> tokens;
  private final Operand<TFloat32> imageOut;
  private final Operand<TFloat32> imagePooled; // before the projection
  private final Operand<TFloat32> imageUnit; // L2-normalized features
  private final Operand<TFloat32> textUnit;
  private final Operand<TFloat32> textOut;
  private final Placeholder<TFloat32> imageIn; // features, for logits
  private final Placeholder<TFloat32> textIn;
  private final Operand<TFloat32> logitsOut;
  private float logitScale;
  private final int chunk;

  private ClipEncoder(ClipConfig config, InitialValues values, Device device, int threads,
      int chunk, Precision precision) {
    this.config = config;
    this.chunk = chunk;
    this.graph = new Graph();
    VariableParameters params;
    Operand<TFloat32> scale;
    try {
      Ops tf = Ops.create(graph);
      params = new VariableParameters(graph);
      ClipGraph clip = new ClipGraph(config, params);
      int size = config.vision().imageSize();
      pixels = tf.withName("pixels").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, size, size, 3)));
      // One image encoder: uint8 pixels are normalized in the graph; float images are fed to
      // this intermediate tensor directly (TensorFlow can feed any tensor, not only
      // placeholders), so both inputs share one compiled encoder.
      images = tf.withName("images_nhwc").identity(ClipGraph.normalizePixels(tf, pixels, size));
      tokens = tf.withName("tokens").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(-1, -1)));
      ImageTower tower = clip.imageTowerNhwc(tf, images);
      imageOut = tf.withName("image_features").identity(tower.features());
      imagePooled = tf.withName("image_pre_projection").identity(tower.pooled());
      imageUnit = tf.withName("image_embeddings").identity(ClipGraph.normalize(tf, imageOut));
      textOut = tf.withName("text_features").identity(clip.textFeatures(tf, tokens));
      textUnit = tf.withName("text_embeddings").identity(ClipGraph.normalize(tf, textOut));
      Shape features = Shape.of(-1, config.embedDim());
      imageIn = tf.withName("image_features_in").placeholder(TFloat32.class,
          Placeholder.shape(features));
      textIn = tf.withName("text_features_in").placeholder(TFloat32.class,
          Placeholder.shape(features));
      logitsOut = tf.withName("logits_per_image").identity(clip.logits(tf, imageIn, textIn));
      scale = tf.math.exp(clip.logLogitScale(tf));
      session = new Session(graph, Sessions.config(device, threads).toBuilder()
          .mergeFrom(MixedPrecision.sessionConfig(precision))
          .setInterOpParallelismThreads(1).build());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    try {
      params.initialize(session, values);
      try (Result r = session.runner().fetch(scale).run()) {
        logitScale = ((TFloat32) r.get(0)).getFloat();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Loads {@code checkpoint} (any supported format), inferring its architecture. */
  public static ClipEncoder load(Path checkpoint) throws IOException {
    // Loading TensorFlow's native library takes about as long as reading the file: overlap them.
    java.util.concurrent.CompletableFuture<String> runtime =
        java.util.concurrent.CompletableFuture.supplyAsync(org.tensorflow.TensorFlow::version);
    Checkpoint read = Checkpoint.read(checkpoint);
    runtime.join();
    return load(read, 0);
  }

  /** A model for a loaded checkpoint; {@code threads} intra-op threads (0 = all cores). */
  public static ClipEncoder load(Checkpoint checkpoint, int threads) {
    return load(checkpoint, Device.AUTO, threads);
  }

  /**
   * A model for a loaded checkpoint on {@code device}; {@code threads} intra-op threads (0 = all
   * cores).
   *
   * @throws dev.clipjvm.clip.tf.device.DeviceUnavailableException for a GPU this process cannot
   *     use
   */
  public static ClipEncoder load(Checkpoint checkpoint, Device device, int threads) {
    return new ClipEncoder(checkpoint.config(), checkpoint.values(), device, threads, 64,
        Precision.FP32);
  }

  /**
   * As {@link #load(Checkpoint, int)}, computing in {@code precision}: {@link
   * Precision#BF16_MIXED} runs matmuls and convolutions in bfloat16 where the CPU has native
   * bfloat16 ({@link MixedPrecision}; features then differ from float32 by about 1e-2 of their
   * largest value) and is float32 elsewhere.
   */
  public static ClipEncoder load(Checkpoint checkpoint, int threads, Precision precision) {
    return new ClipEncoder(checkpoint.config(), checkpoint.values(), Device.AUTO, threads, 64,
        precision);
  }

  /** A model with the reference's seeded random initialization (for benchmarks and tests). */
  public static ClipEncoder random(ClipConfig config, long seed, int threads) {
    return random(config, seed, threads, Precision.FP32);
  }

  /** {@link #random(ClipConfig, long, int)} computing in {@code precision}. */
  public static ClipEncoder random(ClipConfig config, long seed, int threads,
      Precision precision) {
    return new ClipEncoder(config, new RandomInit(seed), Device.AUTO, threads, 64, precision);
  }

  /** The architecture. */
  public ClipConfig config() {
    return config;
  }

  /** Rows per session run. */
  public int chunk() {
    return chunk;
  }

  /** {@code exp(logit_scale)} of the checkpoint. */
  public float logitScale() {
    return logitScale;
  }

  /** Features of {@code n} normalized images, flat NCHW float32 ({@code n * 3 * S * S}). */
  public float[][] encodeImages(float[] nchw, int n) {
    return encodeImages(nchw, n, ImageOutput.FEATURES);
  }

  /**
   * The {@code output} of {@code n} normalized images, flat NCHW float32
   * ({@code n * 3 * S * S}).
   */
  public float[][] encodeImages(float[] nchw, int n, ImageOutput output) {
    Operand<TFloat32> fetch = switch (output) {
      case FEATURES -> imageOut;
      case EMBEDDING -> imageUnit;
      case PRE_PROJECTION -> imagePooled;
    };
    int per = 3 * config.vision().imageSize() * config.vision().imageSize();
    check(nchw.length == (long) n * per, "images: " + nchw.length + " floats for " + n
        + " images of " + per);
    float[][] out = new float[n][];
    for (int start = 0; start < n; start += chunk) {
      int m = Math.min(chunk, n - start);
      int s = config.vision().imageSize();
      float[] part = nchwToNhwc(nchw, start * per, m, s);
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(m, s, s, 3), DataBuffers.of(part, true, false))) {
        copyRows(run(images, t, fetch), out, start);
      }
    }
    return out;
  }

  /** Features of {@code n} RGB images, flat NHWC uint8 pixels (resized and cropped). */
  public float[][] encodePixels(byte[] nhwc, int n) {
    int s = config.vision().imageSize();
    int per = 3 * s * s;
    check(nhwc.length == (long) n * per, "pixels: " + nhwc.length + " bytes for " + n
        + " images of " + per);
    float[][] out = new float[n][];
    for (int start = 0; start < n; start += chunk) {
      int m = Math.min(chunk, n - start);
      byte[] part = java.util.Arrays.copyOfRange(nhwc, start * per, (start + m) * per);
      try (TUint8 t = TUint8.tensorOf(Shape.of(m, s, s, 3), DataBuffers.of(part, true, false))) {
        copyRows(run(pixels, t, imageOut), out, start);
      }
    }
    return out;
  }

  /**
   * Features of token sequences (each starting with the start token and ending at its largest
   * id, the end-of-text token; at most {@code context_length} long; shorter rows are padded with
   * 0). Rows are grouped by length so each run computes only the positions it needs.
   */
  public float[][] encodeTexts(int[][] ids) {
    return encodeTexts(ids, false);
  }

  /**
   * {@link #encodeTexts(int[][])}, L2-normalized in the graph ({@link ClipGraph#normalize}) when
   * {@code normalized}.
   */
  public float[][] encodeTexts(int[][] ids, boolean normalized) {
    Operand<TFloat32> fetch = normalized ? textUnit : textOut;
    int ctx = config.text().contextLength();
    Integer[] order = new Integer[ids.length];
    int[] len = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      check(ids[i].length <= ctx && ids[i].length > 0, "text " + i + " has " + ids[i].length
          + " tokens; the context holds 1.." + ctx);
      for (int j = 0; j < ids[i].length; j++) {
        // An id outside the table would make the embedding lookup fail deep in TensorFlow.
        check(ids[i][j] >= 0 && ids[i][j] < config.text().vocabSize(), "text " + i + " token "
            + j + " is " + ids[i][j] + ", outside the vocabulary 0.." + (config.text().vocabSize()
            - 1));
      }
      order[i] = i;
      len[i] = TextBatches.endPosition(ids[i]) + 1;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(len[a], len[b]));
    float[][] out = new float[ids.length][];
    for (int start = 0; start < ids.length; start += chunk) {
      int m = Math.min(chunk, ids.length - start);
      int width = len[order[start + m - 1]];
      int[] flat = new int[m * width];
      for (int r = 0; r < m; r++) {
        int[] row = ids[order[start + r]];
        System.arraycopy(row, 0, flat, r * width, Math.min(width, row.length));
      }
      try (TInt32 t = TInt32.tensorOf(Shape.of(m, width), DataBuffers.of(flat, true, false))) {
        float[][] part = run(tokens, t, fetch);
        for (int r = 0; r < m; r++) {
          out[order[start + r]] = part[r];
        }
      }
    }
    return out;
  }

  /**
   * {@code exp(logit_scale) * cos(image_i, text_j)}: the reference's logits_per_image, computed
   * by the graph's {@link ClipGraph#logits} (the L2 normalization training uses).
   */
  public float[][] logits(float[][] imageFeatures, float[][] textFeatures) {
    int d = config.embedDim();
    try (TFloat32 a = matrix(imageFeatures, d, "image features");
        TFloat32 b = matrix(textFeatures, d, "text features");
        Result r = session.runner().feed(imageIn, a).feed(textIn, b).fetch(logitsOut).run()) {
      float[] flat = new float[imageFeatures.length * textFeatures.length];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(flat, false, false));
      float[][] out = new float[imageFeatures.length][];
      for (int i = 0; i < out.length; i++) {
        out[i] = java.util.Arrays.copyOfRange(flat, i * textFeatures.length,
            (i + 1) * textFeatures.length);
      }
      return out;
    }
  }

  private static TFloat32 matrix(float[][] rows, int width, String what) {
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      check(rows[i].length == width, what + " row " + i + " has " + rows[i].length
          + " values; the model's embedding has " + width);
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return TFloat32.tensorOf(Shape.of(rows.length, width), DataBuffers.of(flat, true, false));
  }

  /** {@code m} images from {@code offset} in NCHW order, as NHWC. */
  private static float[] nchwToNhwc(float[] nchw, int offset, int m, int s) {
    float[] out = new float[m * 3 * s * s];
    int plane = s * s;
    for (int i = 0; i < m; i++) {
      int base = offset + i * 3 * plane;
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < plane; p++) {
          out[(i * plane + p) * 3 + c] = nchw[base + c * plane + p];
        }
      }
    }
    return out;
  }

  private float[][] run(Operand<?> in, Tensor t, Operand<TFloat32> out) {
    try (Result r = session.runner().feed(in, t).fetch(out).run()) {
      TFloat32 f = (TFloat32) r.get(0);
      int rows = (int) f.shape().get(0);
      int cols = (int) f.shape().get(1);
      float[] flat = new float[rows * cols];
      f.copyTo(DataBuffers.of(flat, false, false));
      float[][] o = new float[rows][];
      for (int i = 0; i < rows; i++) {
        o[i] = java.util.Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
      }
      return o;
    }
  }

  private static void copyRows(float[][] part, float[][] out, int start) {
    System.arraycopy(part, 0, out, start, part.length);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
