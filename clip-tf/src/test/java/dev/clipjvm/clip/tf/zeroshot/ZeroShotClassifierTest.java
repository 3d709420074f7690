package dev.clipjvm.clip.tf.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import dev.clipjvm.clip.tf.train.ClipTowers;
import dev.clipjvm.clip.tf.train.TrainGraph;
import dev.clipjvm.clip.tf.train.ZeroShot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class ZeroShotClassifierTest {
  /** Two classes; the second has two names (as OpenAI's FER2013 prompts do), two templates. */
  private static final PromptSet PROMPTS = new PromptSet(List.of(ZeroShotClass.of("dog"),
      new ZeroShotClass("happy", List.of("happy", "smiling"))),
      List.of("a photo of a {}.", "a drawing of the {}"));

  @Test
  void classEmbeddingsAreTheHandComputedEnsembleOfNormalizedPromptFeatures() throws Exception {
    Path file = ReferenceFixtures.dir("vit-tiny").resolve("model.safetensors");
    List<List<String>> prompts = List.of(
        List.of("a photo of a dog.", "a drawing of the dog"),
        List.of("a photo of a happy.", "a drawing of the happy", "a photo of a smiling.",
            "a drawing of the smiling"));
    assertThat(PROMPTS.prompts(0)).isEqualTo(prompts.get(0));
    assertThat(PROMPTS.prompts(1)).isEqualTo(prompts.get(1));
    try (ClipModel model = ClipModel.load(file);
        ClipEncoder enc = ClipEncoder.load(Checkpoint.read(file), 1)) {
      ZeroShotClassifier zs = ZeroShotClassifier.build(model, PROMPTS);
      float[][] weights = zs.weights();
      for (int c = 0; c < 2; c++) {
        // By hand: raw encoder features, each divided by its norm, summed, divided by the norm.
        float[][] raw = enc.encodeTexts(BpeTokenizer.openAi().tokenize(prompts.get(c)));
        double[] sum = new double[raw[0].length];
        for (float[] row : raw) {
          double n = 0;
          for (float v : row) {
            n += v * v;
          }
          for (int i = 0; i < row.length; i++) {
            sum[i] += row[i] / Math.sqrt(n);
          }
        }
        double n = 0;
        for (double v : sum) {
          n += v * v;
        }
        for (int i = 0; i < sum.length; i++) {
          assertThat(weights[c][i]).as("class %d dim %d", c, i)
              .isCloseTo((float) (sum[i] / Math.sqrt(n)), within(2e-6f));
        }
      }

      // Scores are cosines with the class embeddings; probabilities their tempered softmax.
      Path image = ReferenceFixtures.dir("vit-tiny").resolveSibling("images")
          .resolve("gradient_317x211.png");
      float[] e = model.embedImage(image);
      List<Prediction> ranked = zs.classify(image);
      double[] cos = new double[2];
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < e.length; i++) {
          cos[c] += (double) e[i] * weights[c][i];
        }
      }
      double scale = model.logitScale();
      double p0 = 1 / (1 + Math.exp(scale * (cos[1] - cos[0])));
      int best = cos[0] >= cos[1] ? 0 : 1;
      assertThat(ranked).extracting(Prediction::index).containsExactly(best, 1 - best);
      assertThat(ranked.get(0).score()).isCloseTo(cos[best], within(1e-6));
      assertThat(ranked.get(0).probability()).isCloseTo(best == 0 ? p0 : 1 - p0, within(1e-6));
      assertThat(ranked.get(0).probability() + ranked.get(1).probability())
          .isCloseTo(1.0, within(1e-12));
      assertThat(ranked.get(0).label()).isEqualTo(PROMPTS.labels().get(best));
      List<List<Prediction>> batch = zs.classify(List.of(image, image));
      assertThat(batch).hasSize(2).allSatisfy(p -> {
        assertThat(p).extracting(Prediction::label).isEqualTo(ranked.stream()
            .map(Prediction::label).toList());
        assertThat(p.get(0).score()).isCloseTo(ranked.get(0).score(), within(1e-5));
      });
    }
  }

  @Test
  void trainingTimeZeroShotUsesTheSameEnsembling() throws Exception {
    Path file = ReferenceFixtures.dir("vit-tiny").resolve("model.safetensors");
    Checkpoint ckpt = Checkpoint.read(file);
    BpeTokenizer tok = BpeTokenizer.openAi();
    float[][] training;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ClipTowers towers = new ClipTowers(g, ckpt.config(), Precision.FP32);
      TrainGraph tg = TrainGraph.build(g, tf -> towers, 100,
          new AdamWConfig(1e-3, 0.9, 0.98, 1e-6, 0.2), 0, FrozenTower.NONE);
      s.initialize();
      towers.variables().initialize(s, ckpt.values());
      training = ZeroShot.classifier(s, tg, 2, PROMPTS::prompts, tok::tokenize);
    }
    try (ClipModel model = ClipModel.load(file)) {
      float[][] inference = ZeroShotClassifier.build(model, PROMPTS).weights();
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < inference[c].length; i++) {
          assertThat(training[c][i]).isCloseTo(inference[c][i], within(1e-5f));
        }
      }
    }
  }

  @Test
  void ensembleOfOnePromptIsItsDirectionAndRankCountsTiesAgainstTheLabel() {
    assertThat(ZeroShotClassifier.ensemble(new float[][] {{3, 4}})).containsExactly(0.6f, 0.8f);
    assertThat(ZeroShotClassifier.ensemble(new float[][] {{2, 0}, {0, 5}}))
        .containsExactly((float) Math.sqrt(0.5), (float) Math.sqrt(0.5));
    assertThatThrownBy(() -> ZeroShotClassifier.ensemble(new float[][] {{0, 0}}))
        .hasMessageContaining("all zero");
    assertThat(ZeroShotClassifier.rankOf(new double[] {0.5, 0.5, 0.1}, 1)).isEqualTo(1);
    assertThat(ZeroShotClassifier.rankOf(new double[] {0.5, 0.5, 0.1}, 0)).isZero();
    assertThat(ZeroShotClassifier.rankOf(new double[] {0.1, 0.2, 0.3}, 0)).isEqualTo(2);
  }

  @Test
  void promptSetsRejectWhatCannotMakePrompts() {
    assertThatThrownBy(() -> PromptSet.of(List.of("a", "a"), List.of("{}")))
        .hasMessageContaining("'a' appears twice");
    assertThatThrownBy(() -> PromptSet.of(List.of("a"), List.of("a photo")))
        .hasMessageContaining("template 'a photo' has no {}");
    assertThatThrownBy(() -> PromptSet.of(List.of(), List.of("{}")))
        .hasMessageContaining("at least one class");
    assertThatThrownBy(() -> new ZeroShotClass("x", new ArrayList<>()))
        .hasMessageContaining("class 'x' needs at least one name");
  }
}
