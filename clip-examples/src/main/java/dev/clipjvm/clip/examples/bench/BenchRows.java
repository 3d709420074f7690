package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.api.train.Precision;
import java.util.List;

/** Every row of {@code clip bench}, in output order. Add a row with one line here. */
public final class BenchRows {
  private BenchRows() {}

  /** All rows. */
  public static List<BenchRow> all() {
    return List.of(
        new MatmulRow(),
        new EncoderRow("vit_b32_images_per_s", "ViT-B/32", 16, 0),
        new EncoderRow("vit_b32_bf16_images_per_s", "ViT-B/32", 16, 0, Precision.BF16_MIXED),
        new EncoderRow("rn50_images_per_s", "RN50", 16, 0),
        new EncoderRow("text_full_per_s", "ViT-B/32", 64, 77),
        new EncoderRow("text_short_per_s", "ViT-B/32", 64, 16),
        new TrainRow(),
        new TokenizeRow(),
        new PreprocessRow(),
        new LoaderRow(true),
        new LoaderRow(false));
  }
}
