package dev.clipjvm.clip.tf.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetrievalTest {
  private static final int DIM = 3;

  @Test
  void recallEqualsABruteForceCountOnRandomDataWithTies() {
    Random random = new Random(7);
    int n = 40;
    int m = 100;
    // Few distinct values in 3 dimensions: many exact ties between candidates.
    float[] images = new float[n * DIM];
    float[] texts = new float[m * DIM];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextInt(3) - 1;
    }
    for (int i = 0; i < texts.length; i++) {
      texts[i] = random.nextInt(3) - 1 + (random.nextInt(4) == 0 ? 0.5f : 0);
    }
    int[] textToImage = new int[m];
    for (int t = 0; t < m; t++) {
      textToImage[t] = t < n ? t : random.nextInt(n); // every image has a caption
    }
    Retrieval.Result r = Retrieval.evaluate(images, texts, DIM, textToImage);
    for (int k : new int[] {1, 5, 10}) {
      int textHits = 0;
      for (int t = 0; t < m; t++) {
        int tt = t;
        Integer[] order = sortedBy(n, i -> cosine(texts, tt, images, i));
        textHits += Arrays.asList(order).subList(0, k).contains(textToImage[t]) ? 1 : 0;
      }
      int imageHits = 0;
      for (int i = 0; i < n; i++) {
        int ii = i;
        Integer[] order = sortedBy(m, t -> cosine(images, ii, texts, t));
        imageHits += Arrays.stream(order).limit(k).anyMatch(t -> textToImage[t] == ii) ? 1 : 0;
      }
      assertThat(r.textToImageRecall(k)).as("text->image R@%d", k)
          .isEqualTo((double) textHits / m);
      assertThat(r.imageToTextRecall(k)).as("image->text R@%d", k)
          .isEqualTo((double) imageHits / n);
    }
    assertThat(r.textToImageRecall(1)).isLessThan(r.textToImageRecall(10));
  }

  @Test
  void ranksOfAHandExample() {
    // Two images along x and y; captions: along x (image 0), along y (image 1), between (image 0).
    float[] images = {1, 0, 0, 0, 1, 0};
    float[] texts = {2, 0, 0, 0, 3, 0, 1, 1, 0};
    Retrieval.Result r = Retrieval.evaluate(images, texts, DIM, new int[] {0, 1, 0});
    // Caption 2 ties between both images: the lower index (image 0, its own) ranks first.
    assertThat(r.textToImageRanks()).containsExactly(1, 1, 1);
    assertThat(r.imageToTextRanks()).containsExactly(1, 1);
    Retrieval.Result swapped = Retrieval.evaluate(images, texts, DIM, new int[] {0, 1, 1});
    assertThat(swapped.textToImageRanks()).containsExactly(1, 1, 2);
    assertThat(swapped.textToImageMeanRank()).isEqualTo(4.0 / 3);
    assertThat(swapped.textToImageMedianRank()).isEqualTo(1.0);
    assertThat(swapped.imageToTextMedianRank()).isEqualTo(1.0);
  }

  @Test
  void rejectsAnImageWithoutCaption() {
    float[] images = {1, 0, 0, 0, 1, 0};
    float[] texts = {1, 0, 0};
    assertThatThrownBy(() -> Retrieval.evaluate(images, texts, DIM, new int[] {0}))
        .hasMessageContaining("image 1 has no caption");
    assertThatThrownBy(() -> Retrieval.evaluate(images, texts, DIM, new int[] {2}))
        .hasMessageContaining("text_to_image[0] = 2");
  }

  /** Candidate indices by descending score, a stable sort (equal scores keep index order). */
  private static Integer[] sortedBy(int count, java.util.function.IntToDoubleFunction score) {
    Integer[] order = IntStream.range(0, count).boxed().toArray(Integer[]::new);
    // Compared with < and > so that 0.0 and -0.0 are equal, as in the code under test.
    Comparator<Integer> descending = (a, b) -> {
      double sa = score.applyAsDouble(a);
      double sb = score.applyAsDouble(b);
      return sa > sb ? -1 : sa < sb ? 1 : 0;
    };
    Arrays.sort(order, descending);
    return order;
  }

  private static double cosine(float[] a, int i, float[] b, int j) {
    double[] u = unit(a, i);
    double[] v = unit(b, j);
    double s = 0;
    for (int d = 0; d < DIM; d++) {
      s += u[d] * v[d];
    }
    return s;
  }

  private static double[] unit(float[] x, int row) {
    double[] out = new double[DIM];
    double sum = 0;
    for (int d = 0; d < DIM; d++) {
      out[d] = x[row * DIM + d];
      sum += out[d] * out[d];
    }
    double scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (int d = 0; d < DIM; d++) {
      out[d] *= scale;
    }
    return out;
  }
}
