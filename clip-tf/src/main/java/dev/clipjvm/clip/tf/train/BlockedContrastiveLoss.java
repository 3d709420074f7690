package dev.clipjvm.clip.tf.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * {@link ContrastiveLoss} of a whole batch and its gradients with respect to the normalized
 * features and the logit scale, computed in tiles of at most {@code block x block} logits, so
 * no {@code [batch, batch]} matrix exists (at the paper's 32,768 pairs one is 4 GiB, and the
 * autodiff form of the loss keeps about eight). Used by {@link GradientCacheStep}, whose
 * features already sit on the host.
 *
 * <p>With {@code L = exp(logit_scale) I T^T}, row log-sum-exps {@code r}, column log-sum-exps
 * {@code c} and {@code B} pairs, the loss is {@code (sum(r - diag L) + sum(c - diag L)) / 2B} and
 * its gradient with respect to {@code L} is {@code G = (exp(L - r) + exp(L - c)) / 2B - Id / B}.
 * Two passes over the tiles: the first accumulates {@code r} and {@code c} (each tile's
 * log-sum-exps merged on the host in double precision), the second turns each tile into its
 * share of {@code dI = s G T}, {@code dT = s G^T I} and {@code d logit_scale = sum(G * L)}; the
 * identity part of {@code G} is added on the host. Exactly the full-matrix loss and gradients,
 * up to float summation order ({@code BlockedContrastiveLossTest}).
 */
final class BlockedContrastiveLoss {
  private final int block;
  private final Placeholder<TFloat32> rows;
  private final Placeholder<TFloat32> cols;
  private final Placeholder<TFloat32> rowLse;
  private final Placeholder<TFloat32> colLse;
  private final Placeholder<TFloat32> weight;
  private final Operand<TFloat32> scale;
  private final Operand<TFloat32> tileRowLse;
  private final Operand<TFloat32> tileColLse;
  private final Operand<TFloat32> rowGrad;
  private final Operand<TFloat32> colGrad;
  private final Operand<TFloat32> scaleGrad;

  /**
   * The loss and gradient of one tile, in the graph of {@code tf}, reading {@code logitScale}.
   *
   * @param block rows and columns of a tile, positive
   */
  BlockedContrastiveLoss(Ops tf, Variable<TFloat32> logitScale, int block) {
    if (block < 1) {
      throw new IllegalArgumentException("loss block " + block + " must be positive");
    }
    this.block = block;
    Ops t = tf.withSubScope("blocked_loss");
    Shape matrix = Shape.of(-1, -1);
    rows = t.withName("image_rows").placeholder(TFloat32.class, Placeholder.shape(matrix));
    cols = t.withName("text_rows").placeholder(TFloat32.class, Placeholder.shape(matrix));
    rowLse = t.withName("row_lse").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    colLse = t.withName("col_lse").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    weight = t.withName("weight").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    scale = t.math.exp(logitScale);
    Operand<TFloat32> logits =
        t.math.mul(scale, t.linalg.matMul(rows, cols, MatMul.transposeB(true))); // [r, c]
    tileRowLse = logSumExp(t, logits, 1); // [r]
    tileColLse = logSumExp(t, logits, 0); // [c]
    Operand<TFloat32> p = t.math.mul(weight, t.math.add(
        t.math.exp(t.math.sub(logits, t.expandDims(rowLse, t.constant(1)))),
        t.math.exp(t.math.sub(logits, t.expandDims(colLse, t.constant(0)))))); // [r, c]
    rowGrad = t.math.mul(scale, t.linalg.matMul(p, cols)); // [r, d]
    colGrad = t.math.mul(scale, t.linalg.matMul(p, rows, MatMul.transposeA(true))); // [c, d]
    scaleGrad = t.reduceSum(t.math.mul(p, logits), t.constant(new int[] {0, 1}));
  }

  private static Operand<TFloat32> logSumExp(Ops t, Operand<TFloat32> x, int axis) {
    Operand<TFloat32> max = t.reduceMax(x, t.constant(axis), ReduceMax.keepDims(true));
    Operand<TFloat32> sum = t.reduceSum(t.math.exp(t.math.sub(x, max)), t.constant(axis));
    return t.math.add(t.squeeze(max, Squeeze.axis(List.of((long) axis))), t.math.log(sum));
  }

  /**
   * The loss over all pairs and its gradients; the caller closes the result.
   *
   * @param images normalized image features [batch, embed]
   * @param texts normalized text features [batch, embed], row {@code i} paired with image
   *     {@code i}
   */
  Gradients run(Session session, TFloat32 images, TFloat32 texts) {
    int batch = Math.toIntExact(images.shape().get(0));
    int dim = Math.toIntExact(images.shape().get(1));
    List<TFloat32> imageBlocks = new ArrayList<>();
    List<TFloat32> textBlocks = new ArrayList<>();
    try {
      for (int from = 0; from < batch; from += block) {
        int to = Math.min(batch, from + block);
        imageBlocks.add(HostRows.rows(images, TFloat32.class, from, to));
        textBlocks.add(HostRows.rows(texts, TFloat32.class, from, to));
      }
      double[] r = new double[batch];
      double[] c = new double[batch];
      Arrays.fill(r, Double.NEGATIVE_INFINITY);
      Arrays.fill(c, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < imageBlocks.size(); i++) {
        for (int j = 0; j < textBlocks.size(); j++) {
          try (Result res = session.runner().feed(rows, imageBlocks.get(i))
              .feed(cols, textBlocks.get(j)).fetch(tileRowLse).fetch(tileColLse).run()) {
            merge(r, i * block, (TFloat32) res.get(0));
            merge(c, j * block, (TFloat32) res.get(1));
          }
        }
      }
      float s;
      try (Result res = session.runner().fetch(scale).run()) {
        s = ((TFloat32) res.get(0)).getFloat();
      }
      float[] fi = floats(images);
      float[] ft = floats(texts);
      float[] gi = new float[batch * dim];
      float[] gt = new float[batch * dim];
      double loss = 0;
      double gs = 0;
      for (int k = 0; k < batch; k++) {
        double diag = 0;
        for (int e = 0; e < dim; e++) {
          diag += (double) fi[k * dim + e] * ft[k * dim + e];
          // the identity part of G: d(-2 L_kk / 2B) / dI_k = -s T_k / B, and the same for T_k
          gi[k * dim + e] = -s * ft[k * dim + e] / batch;
          gt[k * dim + e] = -s * fi[k * dim + e] / batch;
        }
        diag *= s;
        loss += r[k] + c[k] - 2 * diag;
        gs -= diag;
      }
      loss /= 2.0 * batch;
      gs /= batch;
      float[] rf = toFloats(r);
      float[] cf = toFloats(c);
      try (TFloat32 w = TFloat32.scalarOf((float) (0.5 / batch))) {
        for (int i = 0; i < imageBlocks.size(); i++) {
          int ri = i * block;
          int rn = Math.toIntExact(imageBlocks.get(i).shape().get(0));
          try (TFloat32 rl = vector(rf, ri, rn)) {
            for (int j = 0; j < textBlocks.size(); j++) {
              int cj = j * block;
              int cn = Math.toIntExact(textBlocks.get(j).shape().get(0));
              try (TFloat32 cl = vector(cf, cj, cn);
                  Result res = session.runner().feed(rows, imageBlocks.get(i))
                      .feed(cols, textBlocks.get(j)).feed(rowLse, rl).feed(colLse, cl)
                      .feed(weight, w).fetch(rowGrad).fetch(colGrad).fetch(scaleGrad).run()) {
                add(gi, ri * dim, (TFloat32) res.get(0));
                add(gt, cj * dim, (TFloat32) res.get(1));
                gs += ((TFloat32) res.get(2)).getFloat();
              }
            }
          }
        }
      }
      Shape shape = Shape.of(batch, dim);
      TFloat32 imageGrad = TFloat32.tensorOf(shape, DataBuffers.of(gi, true, false));
      try {
        return new Gradients((float) loss, imageGrad,
            TFloat32.tensorOf(shape, DataBuffers.of(gt, true, false)), (float) gs);
      } catch (RuntimeException e) {
        imageGrad.close();
        throw e;
      }
    } finally {
      imageBlocks.forEach(TFloat32::close);
      textBlocks.forEach(TFloat32::close);
    }
  }

  /** {@code acc[from + k] = log(exp(acc[from + k]) + exp(tile[k]))}, stably. */
  private static void merge(double[] acc, int from, TFloat32 tile) {
    float[] v = floats(tile);
    for (int k = 0; k < v.length; k++) {
      double a = acc[from + k];
      double b = v[k];
      double hi = Math.max(a, b);
      acc[from + k] = hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
    }
  }

  private static void add(float[] acc, int from, TFloat32 tile) {
    float[] v = floats(tile);
    for (int k = 0; k < v.length; k++) {
      acc[from + k] += v[k];
    }
  }

  private static float[] floats(TFloat32 t) {
    float[] out = new float[Math.toIntExact(t.size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static float[] toFloats(double[] d) {
    float[] out = new float[d.length];
    for (int k = 0; k < d.length; k++) {
      out[k] = (float) d[k];
    }
    return out;
  }

  private static TFloat32 vector(float[] values, int from, int n) {
    return TFloat32.tensorOf(Shape.of(n),
        DataBuffers.of(Arrays.copyOfRange(values, from, from + n), true, false));
  }

  /**
   * The loss and its gradients.
   *
   * @param loss the scalar loss
   * @param images d loss / d image features [batch, embed]
   * @param texts d loss / d text features [batch, embed]
   * @param logitScale d loss / d logit_scale
   */
  record Gradients(float loss, TFloat32 images, TFloat32 texts, float logitScale)
      implements AutoCloseable {
    @Override
    public void close() {
      images.close();
      texts.close();
    }
  }
}
