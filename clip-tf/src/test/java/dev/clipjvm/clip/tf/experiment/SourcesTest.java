package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.data.idx.IdxArray;
import dev.clipjvm.clip.data.idx.LabelledImages;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeTrainer;
import dev.clipjvm.clip.tf.train.Batch;
import dev.clipjvm.clip.tf.train.BatchSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesTest {
  private static final BpeTokenizer TOKENIZER = new BpeTokenizer(BpeTrainer.train(
      List.of("a photo of a red circle", "a bag", "a coat", "two blue squares"), 600));

  @Test
  void syntheticBatchesArePureFunctionsOfThePosition() {
    DataConfig data = new DataConfig(SourceConfig.synthetic(3, 1000), 16,
        Augmentation.centerCrop(), 0, 0);
    BatchSource a = Sources.open(data, TOKENIZER, 24, 0);
    BatchSource b = Sources.open(data, TOKENIZER, 24, 0);
    Batch x = a.batch(40, 4);
    a.batch(0, 4);
    Batch y = b.batch(40, 4);
    assertThat(y.pixels()).isEqualTo(x.pixels());
    assertThat(y.tokens()).isDeepEqualTo(x.tokens());
    // The epoch of 1000 samples wraps: position 1040 is sample 40 again.
    assertThat(a.batch(1040, 4).pixels()).isEqualTo(x.pixels());
  }

  @Test
  void idxBatchesVisitEveryItemOncePerEpochInASeededOrder() {
    int n = 6;
    byte[] px = new byte[n * 2 * 2];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(px, i * 4, i * 4 + 4, (byte) (10 * i));
      labels[i] = (byte) (i % 2);
    }
    LabelledImages set = new LabelledImages(new IdxArray(new int[] {n, 2, 2}, px),
        new IdxArray(new int[] {n}, labels), List.of("coat", "bag"));
    BatchSource s = Sources.idx(set, List.of("a {}"), 2, TOKENIZER, 8, 5);
    Batch epoch0 = s.batch(0, n);
    Batch epoch1 = s.batch(n, n);
    int[] first = firstPixels(epoch0);
    assertThat(Arrays.stream(first).sorted().toArray()).containsExactly(0, 10, 20, 30, 40, 50);
    assertThat(firstPixels(epoch1)).isNotEqualTo(first);
    assertThat(firstPixels(Sources.idx(set, List.of("a {}"), 2, TOKENIZER, 8, 5).batch(0, n)))
        .isEqualTo(first);
    String caption = TOKENIZER.decodeRow(epoch0.tokens()[0]);
    assertThat(caption).contains(first[0] / 10 % 2 == 0 ? "coat" : "bag");
  }

  @Test
  void resizesBilinearly() {
    byte[] two = {0, 0, 0, (byte) 200, (byte) 200, (byte) 200};
    byte[] four = Images.resize(two, 1, 2, 4);
    assertThat(four).hasSize(4 * 4 * 3);
    assertThat(four[0] & 0xff).isEqualTo(0);
    assertThat(four[3] & 0xff).isEqualTo(50);
    assertThat(four[6] & 0xff).isEqualTo(150);
    assertThat(four[9] & 0xff).isEqualTo(200);
  }

  private static int[] firstPixels(Batch b) {
    int[] out = new int[b.size()];
    for (int i = 0; i < b.size(); i++) {
      out[i] = b.pixels()[i * 2 * 2 * 3] & 0xff;
    }
    return out;
  }
}
