package dev.clipjvm.clip.tf.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIndexTest {
  private static final ModelIdentity MODEL = new ModelIdentity("/m.safetensors",
      "ab".repeat(32), 8);

  @TempDir Path temp;

  @Test
  void rankingEqualsBruteForceCosineOverTheSameEmbeddings() throws Exception {
    Random random = new Random(7);
    int n = 200;
    float[][] raw = new float[n][8];
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 8; k++) {
        raw[i][k] = (float) random.nextGaussian() * (1 + i % 5); // unnormalized on purpose
      }
      paths.add("/img/" + i + ".png");
    }
    ImageIndex index = ImageIndex.empty(MODEL).append(paths, raw, List.of());
    index.write(temp.resolve("idx"));
    ImageIndex reread = ImageIndex.read(temp.resolve("idx"));
    float[] query = new float[8];
    for (int k = 0; k < 8; k++) {
      query[k] = (float) random.nextGaussian();
    }
    // Brute force in double precision: cos = a.b / (|a| |b|), sorted descending.
    double[] cos = new double[n];
    for (int i = 0; i < n; i++) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int k = 0; k < 8; k++) {
        dot += raw[i][k] * query[k];
        na += raw[i][k] * raw[i][k];
        nb += query[k] * query[k];
      }
      cos[i] = dot / Math.sqrt(na * nb);
    }
    List<String> expected = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -cos[i])).limit(20)
        .map(paths::get).toList();
    List<Hit> hits = reread.search(query, 20);
    assertThat(hits).extracting(Hit::image).containsExactlyElementsOf(expected);
    for (Hit h : hits) {
      int i = paths.indexOf(h.image());
      assertThat((double) h.score()).isCloseTo(cos[i], org.assertj.core.data.Offset.offset(1e-5));
    }
    assertThat(reread.search(query, 1000)).hasSize(n);
  }

  @Test
  void roundTripsPathsFailuresAndModel() throws Exception {
    ImageIndex index = ImageIndex.empty(MODEL)
        .append(List.of("/a.png"), new float[][] {{3, 4, 0, 0, 0, 0, 0, 0}},
            List.of("/b.jpg\tnot an image"));
    index.write(temp);
    ImageIndex back = ImageIndex.read(temp);
    assertThat(back.images()).containsExactly("/a.png");
    assertThat(back.failed()).containsExactly("/b.jpg\tnot an image");
    assertThat(back.model()).isEqualTo(MODEL);
    assertThat(back.embedding(0)).containsExactly(0.6f, 0.8f, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void rejectsAFolderThatIsNoIndexAndAQueryOfTheWrongWidth() {
    assertThatThrownBy(() -> ImageIndex.read(temp))
        .hasMessageContaining("not an image index (no index.json)");
    assertThatThrownBy(() -> new ModelIdentity("/m.safetensors", "ab", 8))
        .hasMessageContaining("sha256 must be 64 lower-case hex digits, got 'ab'");
    assertThatThrownBy(() -> ImageIndex.empty(MODEL).search(new float[3], 5))
        .hasMessageContaining("query embedding has 3 values; the index holds 8");
  }
}
