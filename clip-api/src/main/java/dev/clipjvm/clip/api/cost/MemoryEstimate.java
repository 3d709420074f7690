package dev.clipjvm.clip.api.cost;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;

/**
 * Memory of one float32 training step, estimated from shapes alone: what the step holds at its
 * peak, in bytes, by part. The counts are those of this project's graphs (one float is 4 bytes):
 *
 * <ul>
 *   <li>parameters {@code 4P}, their gradients {@code 4P} (the gradient cache adds its
 *       accumulators, another {@code 4P}), AdamW's two moments {@code 8P};
 *   <li>inputs: the uint8 pixels and int32 tokens of the whole batch, and the float pixels of
 *       one encoder pass;
 *   <li>activations kept for the backward pass, per encoder pass of {@code b} pairs (the batch,
 *       or one micro-batch with the gradient cache). A pre-LayerNorm Transformer block over
 *       {@code [b, t, w]} with {@code h} heads and an MLP {@code f} wide keeps {@code 12 btw}
 *       (two LayerNorms' centred inputs and outputs, q, k, v, the attention output and its
 *       projection, the MLP output, two residual sums), {@code 3 btf} (the MLP's hidden layer,
 *       QuickGELU's sigmoid and product) and {@code 3 bht^2} (scores, softmax, mask sum). A
 *       convolution with BatchNorm keeps 4 tensors of its output's size (convolution output,
 *       centred, normalized, after ReLU or the residual sum); an average pool 1. With
 *       recomputation a block (Transformer) or stage (ModifiedResNet) keeps only its input, and
 *       one block or stage at a time holds its full activations again in the backward pass;
 *   <li>the backward pass's working set: the gradients of the largest block's activations;
 *   <li>the loss: the plain step differentiates the whole {@code [B, B]} logits and keeps about
 *       8 such matrices (logits and log-softmax both ways, their products with the targets,
 *       their gradients); the gradient cache keeps 6 tiles of {@code block x block} and the
 *       features with their gradients, {@code [B, embed]} four times, on the host and as
 *       tensors.
 * </ul>
 *
 * <p>Not counted: the JVM and the TensorFlow runtime (measured separately as the resident size
 * before the first step), allocator slack and per-op temporaries. {@code docs/memory.md} states
 * how far the estimate falls from measured peaks.
 *
 * @param parameters model parameters
 * @param gradients parameter gradients (and the gradient cache's accumulators)
 * @param optimizer AdamW's moments
 * @param inputs the batch as fed, and one pass's float pixels
 * @param activations activations kept for the backward pass
 * @param backward the backward pass's working set
 * @param loss the loss's matrices, or its tiles and the cached features
 */
public record MemoryEstimate(long parameters, long gradients, long optimizer, long inputs,
    long activations, long backward, long loss) {

  private static final long FLOAT = 4;
  /** {@code [B, B]} matrices of the autodiff loss (see the class comment). */
  static final int LOSS_MATRICES = 8;
  /** Tiles alive at once in the gradient cache's blocked loss. */
  static final int LOSS_TILES = 6;

  /** Everything counted, in bytes. */
  public long total() {
    return parameters + gradients + optimizer + inputs + activations + backward + loss;
  }

  /**
   * The estimate for a step of {@code batch} pairs.
   *
   * @param microBatch pairs per encoder pass: {@code batch} for the plain step, fewer for the
   *     gradient cache
   * @param recompute whether blocks (stages) are recomputed in the backward pass
   * @param lossBlock rows and columns of one loss tile of the gradient cache
   */
  public static MemoryEstimate of(ClipConfig config, int batch, int microBatch,
      boolean recompute, int lossBlock) {
    if (batch < 1 || microBatch < 1 || microBatch > batch || lossBlock < 1) {
      throw new IllegalArgumentException("batch " + batch + ", micro-batch " + microBatch
          + " and loss block " + lossBlock + " must be positive, the micro-batch at most the"
          + " batch");
    }
    long params = ParameterManifest.of(config).count();
    boolean cached = microBatch < batch;
    long b = microBatch;
    int side = config.vision().imageSize();
    TextConfig text = config.text();
    long inputs = (long) batch * side * side * 3 + FLOAT * batch * text.contextLength()
        + FLOAT * b * side * side * 3;
    Tower image = image(config, b, recompute);
    Tower texts = transformer(b, text.contextLength(), text.width(), text.heads(),
        4L * text.width(), text.layers(), recompute);
    long kept = image.kept() + texts.kept() + 2 * b * text.width(); // + embeddings
    long largest = Math.max(image.largest(), texts.largest());
    long loss = cached
        ? LOSS_TILES * sq(Math.min(lossBlock, batch)) + 8L * batch * config.embedDim()
        : LOSS_MATRICES * sq(batch);
    return new MemoryEstimate(FLOAT * params, FLOAT * params * (cached ? 2 : 1),
        2 * FLOAT * params, inputs, FLOAT * kept, FLOAT * largest, FLOAT * loss);
  }

  /** Elements kept by a tower, and those of its largest block (the backward working set). */
  private record Tower(long kept, long largest) {}

  private static Tower image(ClipConfig config, long b, boolean recompute) {
    if (config.vision() instanceof VitConfig v) {
      long grid = v.gridSize();
      long t = grid * grid + 1;
      Tower blocks = transformer(b, t, v.width(), v.heads(), v.mlpWidth(), v.layers(),
          recompute);
      // float pixels into the patch convolution, patch tokens and class-token rows, pre-LN
      long stem = b * v.imageSize() * v.imageSize() * 3 + 4 * b * t * v.width();
      return new Tower(stem + blocks.kept(), blocks.largest());
    }
    return resNet((ResNetConfig) config.vision(), b, recompute);
  }

  private static Tower transformer(long b, long t, long w, long h, long f, int layers,
      boolean recompute) {
    long block = 12 * b * t * w + 3 * b * t * f + 3 * b * h * t * t;
    // recomputation cuts every block but the last: their inputs are kept, and one of them is
    // rebuilt at a time in the backward pass
    long kept = recompute && layers > 1
        ? (layers - 1) * b * t * w + 2 * block
        : layers * block;
    return new Tower(kept, block);
  }

  private static Tower resNet(ResNetConfig r, long b, boolean recompute) {
    long w = r.width();
    long side = r.imageSize() / 2;
    long stem = 4 * b * side * side * (w / 2) * 2 + 4 * b * side * side * w;
    side /= 2;
    stem += b * side * side * w; // average pool
    long inplanes = w;
    long stages = 0;
    long inputs = 0;
    long largest = 0;
    for (int stage = 0; stage < 4; stage++) {
      long planes = w << stage;
      long stageSize = 0;
      inputs += b * side * side * inplanes;
      for (int i = 0; i < r.layers().get(stage); i++) {
        boolean strided = stage > 0 && i == 0;
        long out = strided ? side / 2 : side;
        long block = 4 * b * side * side * planes * 2 + 4 * b * out * out * 4 * planes;
        if (strided) {
          block += b * out * out * planes; // the pool before conv3
        }
        if (strided || inplanes != 4 * planes) {
          block += 4 * b * out * out * 4 * planes + (strided ? b * out * out * inplanes : 0);
        }
        stageSize += block;
        inplanes = 4 * planes;
        side = out;
      }
      stages += stageSize;
      largest = Math.max(largest, stageSize);
    }
    long c = 32 * w;
    long t = side * side + 1;
    long heads = c / r.headWidth();
    long pool = 6 * b * t * c + 3 * b * heads * t;
    long kept = recompute ? inputs + 2 * largest : stages;
    return new Tower(stem + kept + pool, largest);
  }

  private static long sq(long x) {
    return x * x;
  }
}
