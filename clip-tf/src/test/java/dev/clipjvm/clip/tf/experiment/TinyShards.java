package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeTrainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Thirty JPEG/caption records in three WebDataset shards of ten, written into a test directory:
 * record {@code i} is a 48x40 black image with one white pixel at {@code (i, i)}, captioned
 * "a picture number i". Small enough that an epoch decodes in milliseconds.
 */
final class TinyShards {
  static final int RECORDS = 30;

  final Path dir;
  final List<String> captions;

  private TinyShards(Path dir, List<String> captions) {
    this.dir = dir;
    this.captions = captions;
  }

  /** Writes the shards into {@code dir}. */
  static TinyShards write(Path dir) throws IOException {
    List<String> captions = new ArrayList<>();
    try (ShardWriter w = new ShardWriter(dir, "s", 10)) {
      for (int i = 0; i < RECORDS; i++) {
        BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        img.setRGB(i, i, 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        captions.add("a picture number " + i);
        w.write(String.format("k%03d", i), "jpg", out.toByteArray(), captions.get(i), "");
      }
    }
    return new TinyShards(dir, List.copyOf(captions));
  }

  /** The shards as training data: random resized crops to {@code imageSize}, shuffle buffer 8. */
  DataConfig data(int imageSize) {
    return new DataConfig(SourceConfig.webDataset(dir + "/s-{00000..00002}.tar"), imageSize,
        Augmentation.randomResizedCrop(), 8, 0.0);
  }

  /** A byte-level BPE vocabulary of at most 600 tokens learned from the captions. */
  BpeTokenizer tokenizer() {
    return new BpeTokenizer(BpeTrainer.train(captions, 600));
  }

  /** Writes that vocabulary as an OpenAI-style merges file {@code file}; returns the file. */
  Path writeMerges(Path file) throws IOException {
    BpeTrainer.train(captions, 600).writeMerges(file);
    return file;
  }
}
