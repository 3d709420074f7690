package dev.clipjvm.clip.data.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.data.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDatasetTest {
  @TempDir Path dir;

  /** A {@code w x h} PNG filled with one colour. */
  static Path png(Path file, int w, int h, int rgb) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  @Test
  void classFoldersAreLabelledBySortedFolderName() throws IOException {
    png(dir.resolve("data/red/a.png"), 8, 6, 0xff0000);
    png(dir.resolve("data/blue/b.png"), 5, 9, 0x0000ff);
    png(dir.resolve("data/blue/c.png"), 5, 9, 0x0000ff);
    Files.createDirectories(dir.resolve("data/green")); // an empty class still has its index
    LabelledDataset d = LabelledDataset.open(dir.resolve("data"));
    assertThat(d.classKeys()).containsExactly("blue", "green", "red");
    assertThat(d.numericKeys()).isFalse();
    assertThat(d.items()).extracting(LabelledDataset.Item::name)
        .containsExactly("blue/b.png", "blue/c.png", "red/a.png");
    assertThat(d.items()).extracting(LabelledDataset.Item::label).containsExactly(0, 0, 2);
    var pixels = d.items().get(2).decode(new ImageDecoder());
    assertThat(pixels.width()).isEqualTo(8);
    assertThat(pixels.sample(0, 0, 0)).isEqualTo(255);
  }

  @Test
  void csvLabelsAreIdsWhenAllAreIntegersElseSortedNames() throws IOException {
    png(dir.resolve("img/x.png"), 4, 4, 0);
    png(dir.resolve("img/y.png"), 4, 4, 0);
    Files.writeString(dir.resolve("ids.csv"), "path,label\nimg/x.png,3\nimg/y.png,0\n");
    LabelledDataset ids = LabelledDataset.open(dir.resolve("ids.csv"));
    assertThat(ids.numericKeys()).isTrue();
    assertThat(ids.classKeys()).containsExactly("0", "1", "2", "3");
    assertThat(ids.items()).extracting(LabelledDataset.Item::label).containsExactly(3, 0);
    assertThat(ids.items()).extracting(LabelledDataset.Item::name)
        .containsExactly("img/x.png", "img/y.png");
    Files.writeString(dir.resolve("names.tsv"), "label\tpath\ncat\timg/x.png\ndog\timg/y.png\n"
        + "cat\timg/y.png\n");
    LabelledDataset names = LabelledDataset.open(dir.resolve("names.tsv"));
    assertThat(names.classKeys()).containsExactly("cat", "dog");
    assertThat(names.items()).extracting(LabelledDataset.Item::label).containsExactly(0, 1, 0);
  }

  @Test
  void idxImagesFindTheirLabelsBeside() throws IOException {
    Path images = dir.resolve("t10k-images-idx3-ubyte");
    // IDX: magic 0x00000803 (u8, rank 3), dims 2 x 2 x 3, then the bytes.
    Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 4, 1});
    LabelledDataset d = LabelledDataset.open(images);
    assertThat(d.classKeys()).hasSize(5);
    assertThat(d.items()).extracting(LabelledDataset.Item::name).containsExactly("0", "1");
    assertThat(d.items()).extracting(LabelledDataset.Item::label).containsExactly(4, 1);
    assertThat(d.items().get(1).decode(new ImageDecoder()).width()).isEqualTo(3);
  }

  @Test
  void webDatasetShardsAreLabelledByTheirClsEntries() throws IOException {
    byte[] png = Files.readAllBytes(png(dir.resolve("p.png"), 3, 2, 0x00ff00));
    Files.createDirectories(dir.resolve("shards"));
    Path shard = TestShards.tar(dir.resolve("shards/s-0.tar"), List.of(
        TestShards.Entry.file("a.png", png), TestShards.Entry.text("a.cls", "2"),
        TestShards.Entry.file("b.png", png), TestShards.Entry.text("b.cls", "0"),
        TestShards.Entry.text("b.txt", "a caption is allowed")));
    LabelledDataset d = LabelledDataset.open(shard);
    assertThat(d.numericKeys()).isTrue();
    assertThat(d.classKeys()).containsExactly("0", "1", "2");
    assertThat(d.items()).extracting(LabelledDataset.Item::name).containsExactly("a", "b");
    assertThat(d.items()).extracting(LabelledDataset.Item::label).containsExactly(2, 0);
    assertThat(d.items().get(0).decode(new ImageDecoder()).width()).isEqualTo(3);
    assertThat(LabelledDataset.open(dir.resolve("shards")).items()).hasSize(2);
    assertThat(LabelledDataset.open(dir.resolve("shards/s-{0..0}.tar")).items()).hasSize(2);
    Path unlabelled = TestShards.tar(dir.resolve("u.tar"), List.of(
        TestShards.Entry.file("a.png", png), TestShards.Entry.text("a.txt", "no label")));
    assertThatThrownBy(() -> LabelledDataset.open(unlabelled))
        .isInstanceOf(SourceFormatException.class).hasMessageContaining("has no cls label");
    // Captioned shards for training are unchanged: a sample needs its caption.
    try (RecordStream s = new TarShardSource(List.of(shard), 1 << 20).open()) {
      assertThat(s.next()).isInstanceOf(SourceItem.Bad.class);
      assertThat(((SourceItem.Pair) s.next()).label()).hasValue(0);
    }
  }

  @Test
  void badInputsAreNamed() throws IOException {
    assertThatThrownBy(() -> LabelledDataset.open(dir.resolve("nope")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    png(dir.resolve("flat/a.png"), 4, 4, 0);
    assertThatThrownBy(() -> LabelledDataset.open(dir.resolve("flat")))
        .hasMessageContaining("no class folders");
    png(dir.resolve("mixed/cls/a.png"), 4, 4, 0);
    png(dir.resolve("mixed/loose.png"), 4, 4, 0);
    assertThatThrownBy(() -> LabelledDataset.open(dir.resolve("mixed")))
        .hasMessageContaining("loose.png").hasMessageContaining("not inside a class folder");
    Files.writeString(dir.resolve("cols.csv"), "file,label\na.png,1\n");
    assertThatThrownBy(() -> LabelledDataset.open(dir.resolve("cols.csv")))
        .hasMessageContaining("no column \"path\"");
    Files.writeString(dir.resolve("data.txt"), "x");
    assertThatThrownBy(() -> LabelledDataset.open(dir.resolve("data.txt")))
        .isInstanceOf(SourceFormatException.class).hasMessageContaining("data.txt");
    Files.createDirectories(dir.resolve("empty/cls"));
    assertThatThrownBy(() -> LabelledDataset.open(dir.resolve("empty")))
        .hasMessageContaining("holds no images");
  }
}
