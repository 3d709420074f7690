package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.model.Transformer;
import dev.clipjvm.clip.tf.train.MixedPrecision;
import java.util.Random;

/**
 * Encoder throughput of a preset with the reference's seeded random initialization: images fed
 * as uint8 pixels (normalized in the graph), or token batches with a given number of real
 * positions (the rest padding).
 *
 * @param key JSON key
 * @param preset model preset name
 * @param batch rows per call
 * @param textLength 0 for images; otherwise tokens per text including start and end
 * @param precision float32, or bfloat16 compute where the CPU has it ({@code MixedPrecision});
 *     the fraction of peak is always against the float32 matmul rate
 */
public record EncoderRow(String key, String preset, int batch, int textLength,
    Precision precision) implements BenchRow {

  /** A float32 row. */
  public EncoderRow(String key, String preset, int batch, int textLength) {
    this(key, preset, batch, textLength, Precision.FP32);
  }

  @Override
  public String description() {
    String what = textLength == 0
        ? preset + " image encoder, batch " + batch + ", uint8 pixels, random weights"
        : preset + " text encoder, batch " + batch + ", " + textLength + "-token texts";
    return precision == Precision.FP32 ? what : what + ", " + (MixedPrecision.computesInBf16(
        precision) ? "bfloat16 matmuls (fraction of the float32 peak)" : "float32: no native "
        + "bfloat16 on this CPU");
  }

  @Override
  public Measurement measure(BenchContext context) throws Exception {
    ClipConfig config = ModelPresets.get(preset);
    try (ClipEncoder enc = ClipEncoder.random(config, 0, context.threads(), precision)) {
      Random r = new Random(1);
      double rate;
      double macs;
      if (textLength == 0) {
        int s = config.vision().imageSize();
        byte[] px = new byte[batch * s * s * 3];
        r.nextBytes(px);
        rate = Timing.itemsPerSecond(() -> enc.encodePixels(px, batch), batch,
            context.minSeconds());
        macs = CostEstimate.imageMacs(config.vision(), config.embedDim());
        if (config.vision() instanceof VitConfig v) { // count the work actually done
          macs -= Transformer.pooledLastBlockSkippedMacs((long) v.gridSize() * v.gridSize() + 1,
              v.width(), v.mlpWidth());
        }
        return Measurement.ofModel(rate, "images/s", macs, context);
      }
      int[][] ids = new int[batch][config.text().contextLength()];
      for (int[] row : ids) {
        row[0] = 49406;
        for (int j = 1; j < textLength - 1; j++) {
          row[j] = 1 + r.nextInt(49404);
        }
        row[textLength - 1] = 49407;
      }
      rate = Timing.itemsPerSecond(() -> enc.encodeTexts(ids), batch, context.minSeconds());
      // MACs of the positions and rows actually computed, so the fraction is the hardware's.
      TextConfig text = config.text();
      macs = CostEstimate.textMacs(text.withContextLength(textLength), config.embedDim())
          - Transformer.pooledLastBlockSkippedMacs(textLength, text.width(), 4L * text.width());
      return Measurement.ofModel(rate, "texts/s", macs, context);
    }
  }
}
