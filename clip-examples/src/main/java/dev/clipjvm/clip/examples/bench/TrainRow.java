package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.train.BatchTensors;
import dev.clipjvm.clip.tf.train.ClipTowers;
import dev.clipjvm.clip.tf.train.TrainGraph;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Training throughput of the reference benchmark's "small-train" step ({@code
 * docs/bench/reference_throughput.py --only train}): ViT width 256, 4 layers, patch 16 at 64 px; text width 256, 4 layers, 4 heads,
 * vocabulary 49408, context 77 with the end token at position 16; embedding 256; batch 64;
 * symmetric cross-entropy; AdamW (lr 5e-4, betas 0.9/0.98, eps 1e-6, decay 0.2); float32.
 * One call is one full step: forward, gradients, update and logit-scale clamp.
 */
public final class TrainRow implements BenchRow {
  static final int BATCH = 64;

  @Override
  public String key() {
    return "small_train_pairs_per_s";
  }

  @Override
  public String description() {
    return "training step, ViT w256 d4 p16 @64px + text w256 d4 ctx77 (EOT at 16), batch "
        + BATCH + ", AdamW, fp32";
  }

  /** The peer's small-train model: {@code CLIP(256, 64, 4, 256, 16, 77, 49408, 256, 4, 4)}. */
  static ClipConfig config() {
    return ClipConfig.of(256, new VitConfig(64, 16, 256, 4, 64, 4.0),
        new TextConfig(77, 49408, 256, 4, 4), Activation.QUICK_GELU);
  }

  @Override
  public Measurement measure(BenchContext context) throws Exception {
    ClipConfig config = config();
    ConfigProto.Builder proto = ConfigProto.newBuilder().setInterOpParallelismThreads(1);
    if (context.threads() > 0) {
      proto.setIntraOpParallelismThreads(context.threads());
    }
    try (Graph g = new Graph(); Session s = new Session(g, proto.build())) {
      ClipTowers[] towers = new ClipTowers[1];
      TrainGraph tg = TrainGraph.build(g, tf -> towers[0] = new ClipTowers(g, config,
          Precision.FP32), config.maxLogitScale(), new AdamWConfig(5e-4, 0.9, 0.98, 1e-6, 0.2),
          0.0, FrozenTower.NONE);
      s.initialize();
      towers[0].variables().initialize(s, new RandomInit(0));
      Random r = new Random(1);
      byte[] px = new byte[BATCH * 64 * 64 * 3];
      r.nextBytes(px);
      int[] tokens = new int[BATCH * 77];
      for (int i = 0; i < BATCH; i++) {
        for (int j = 0; j < 77; j++) {
          tokens[i * 77 + j] = 1 + r.nextInt(49404);
        }
        tokens[i * 77 + 16] = 49407;
      }
      Batch batch = Batch.of(64, px, 77, tokens);
      long[] step = {0};
      try (TUint8 images = BatchTensors.images(batch); TInt32 ids = BatchTensors.tokens(batch)) {
        double rate = Timing.itemsPerSecond(
            () -> tg.run(s, images, ids, 5e-4, ++step[0]), BATCH, context.minSeconds());
        return Measurement.of(rate, "pairs/s");
      }
    }
  }
}
