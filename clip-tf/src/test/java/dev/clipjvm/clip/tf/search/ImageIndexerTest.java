package dev.clipjvm.clip.tf.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIndexerTest {

  @TempDir Path temp;

  @Test
  void indexesFoldersSkipsBadFilesAndAddsOnlyNewFilesOnReRuns() throws Exception {
    Path model = ReferenceFixtures.dir("vit-tiny").resolve("model.safetensors");
    Path photos = Files.createDirectories(temp.resolve("photos/sub"));
    write(photos.resolve("red.png"), Color.RED, 80, 50);
    write(photos.resolve("blue.png"), Color.BLUE, 40, 90);
    Files.writeString(photos.resolve("broken.jpg"), "not a jpeg");
    Files.writeString(photos.resolve("notes.txt"), "not an image either, and not counted");
    Path out = temp.resolve("index");
    try (ClipModel enc = ClipModel.load(model)) {
      ModelIdentity id = ModelIdentity.of(model, enc);
      assertThat(id.sha256()).isEqualTo(MoreFiles.asByteSource(model)
          .hash(Hashing.sha256()).toString());
      assertThat(id.checkpoint()).isEqualTo(model.toAbsolutePath().normalize().toString());
      ImageIndex empty = ImageIndex.empty(id);
      ImageIndexer.Plan plan = ImageIndexer.plan(empty, List.of(temp.resolve("photos")));
      assertThat(plan.pending()).hasSize(3);
      List<Integer> steps = new ArrayList<>();
      ImageIndexer.Outcome first = ImageIndexer.run(enc, empty, plan.pending(), out, steps::add);
      assertThat(first.added()).isEqualTo(2);
      assertThat(first.failed()).singleElement().asString().contains("broken.jpg\t");
      assertThat(steps.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);

      // A re-run finds nothing new; a new file is the only one embedded.
      ImageIndex reread = ImageIndex.read(out);
      assertThat(reread.size()).isEqualTo(2);
      ImageIndexer.Plan again = ImageIndexer.plan(reread, List.of(temp.resolve("photos")));
      assertThat(again.pending()).isEmpty();
      assertThat(again.indexed()).isEqualTo(2);
      assertThat(again.failedBefore()).isEqualTo(1);
      write(photos.resolve("green.png"), Color.GREEN, 64, 64);
      ImageIndexer.Plan third = ImageIndexer.plan(reread, List.of(temp.resolve("photos")));
      assertThat(third.pending()).extracting(p -> p.getFileName().toString())
          .containsExactly("green.png");
      ImageIndex grown = ImageIndexer.run(enc, reread, third.pending(), out, n -> { }).index();
      assertThat(grown.images()).hasSize(3);
      assertThat(grown.embedding(0)).containsExactly(reread.embedding(0));

      // Querying with an indexed image's own embedding finds that image first, at cosine 1.
      List<Hit> hits = ImageIndex.read(out).search(grown.embedding(2), 3);
      assertThat(hits.get(0).image()).endsWith("green.png");
      assertThat((double) hits.get(0).score()).isCloseTo(1.0,
          org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  private static void write(Path file, Color color, int w, int h) throws Exception {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (x * 7 + y * 3) % 5 == 0 ? Color.WHITE.getRGB() : color.getRGB());
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }
}
