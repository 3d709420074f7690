package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeTrainer;
import dev.clipjvm.clip.tf.train.Batch;
import dev.clipjvm.clip.tf.train.BatchSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderBatchSourceTest {
  @TempDir Path dir;

  @Test
  void webDatasetBatchesReplayExactlyAtAResumedPosition() throws Exception {
    List<String> captions = new ArrayList<>();
    try (ShardWriter w = new ShardWriter(dir, "s", 10)) {
      for (int i = 0; i < 30; i++) {
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        img.setRGB(i, i, 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        captions.add("a picture number " + i);
        w.write(String.format("k%03d", i), "jpg", out.toByteArray(), captions.get(i), "");
      }
    }
    BpeTokenizer tokenizer = new BpeTokenizer(BpeTrainer.train(captions, 600));
    DataConfig data = new DataConfig(SourceConfig.webDataset(dir + "/s-{00000..00002}.tar"), 32,
        Augmentation.randomResizedCrop(), 8, 0.0);

    BatchSource straight = Sources.open(data, tokenizer, 12, 5);
    List<Batch> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add(straight.batch(i * 8L, 8));
    }
    BatchSource resumed = Sources.open(data, tokenizer, 12, 5);
    Batch third = resumed.batch(24, 8);

    assertThat(expected.get(0).pixels()).hasSize(8 * 32 * 32 * 3);
    assertThat(expected.get(0).tokens()[0]).hasSize(12);
    assertThat(third.pixels()).isEqualTo(expected.get(3).pixels());
    assertThat(third.tokens()).isDeepEqualTo(expected.get(3).tokens());
    assertThat(resumed.batch(32, 8).pixels()).isEqualTo(expected.get(4).pixels());
    ((AutoCloseable) straight).close();
    ((AutoCloseable) resumed).close();
  }
}
