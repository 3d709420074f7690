package dev.clipjvm.clip.tf.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.Overflow;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.experiment.ExperimentRunnerFixtures;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipModelTest {
  private static final List<String> TEXTS =
      List.of("a diagram", "a photo of a dog.", "A Photo Of A CAT, sitting on a mat!!");

  @TempDir Path dir;

  @Test
  void embedsTheFixtureTextsWithTheBundledVocabularyAsTheReferenceDoes() throws Exception {
    Path fixture = ReferenceFixtures.dir("vit-tiny");
    TensorFile io = Safetensors.read(fixture.resolve("io.safetensors"));
    try (ClipModel model = ClipModel.load(fixture.resolve("model.safetensors"))) {
      assertThat(model.contextLength()).isEqualTo(77);
      float[][] texts = model.embedTexts(TEXTS);
      float[][] expected = unit(rows(io.get("text_features"), texts.length));
      assertThat(ReferenceFixtures.relativeError(flat(texts), flat(expected)))
          .isLessThanOrEqualTo(1e-4);
      for (float[] row : texts) {
        assertThat(norm(row)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
      }
    }
  }

  @Test
  void preProjectionFeaturesTimesTheProjectionAreTheImageFeatures() throws Exception {
    for (String name : List.of("vit-tiny", "rn-tiny")) {
      Path fixture = ReferenceFixtures.dir(name);
      TensorFile io = Safetensors.read(fixture.resolve("io.safetensors"));
      Checkpoint ckpt = Checkpoint.read(fixture.resolve("model.safetensors"));
      TensorData image = io.get("image");
      int n = (int) image.dim(0);
      try (ClipEncoder enc = ClipEncoder.load(ckpt, 0)) {
        float[][] pooled = enc.encodeImages(image.toFloats(), n, ImageOutput.PRE_PROJECTION);
        float[][] projected;
        if (name.equals("vit-tiny")) {
          // ViT: I_f is ln_post of the class token; proj is [width, embed].
          int width = ((dev.clipjvm.clip.api.model.VitConfig) ckpt.config().vision()).width();
          assertThat(pooled[0]).hasSize(width);
          projected = matmul(pooled, matrix(ckpt.tensors().get("visual.proj")), null);
        } else {
          // ResNet: the attention output before c_proj (a torch Linear: [out, in] plus bias).
          float[][] w = transpose(matrix(ckpt.tensors().get("visual.attnpool.c_proj.weight")));
          assertThat(pooled[0]).hasSize(w.length);
          projected = matmul(pooled, w,
              ckpt.tensors().get("visual.attnpool.c_proj.bias").toFloats());
        }
        assertThat(ReferenceFixtures.relativeError(flat(projected),
            io.get("image_features").toFloats())).as(name).isLessThanOrEqualTo(1e-4);
        float[][] unit = enc.encodeImages(image.toFloats(), n, ImageOutput.EMBEDDING);
        assertThat(ReferenceFixtures.relativeError(flat(unit),
            flat(unit(rows(io.get("image_features"), n))))).isLessThanOrEqualTo(1e-4);
      }
    }
  }

  @Test
  void embedsImageFilesWithTheEvalTransformOfTheReference() throws Exception {
    Path fixture = ReferenceFixtures.dir("vit-tiny");
    Path images = fixture.resolveSibling("images");
    TensorFile pre = Safetensors.read(fixture.resolveSibling("vectors")
        .resolve("preprocess.safetensors"));
    List<String> names = List.of("gradient_317x211.png", "noise_150x400.png");
    float[] reference = new float[0];
    for (String n : names) {
      float[] chw = pre.get(n + "@64").toFloats();
      float[] joined = java.util.Arrays.copyOf(reference, reference.length + chw.length);
      System.arraycopy(chw, 0, joined, reference.length, chw.length);
      reference = joined;
    }
    try (ClipModel model = ClipModel.load(fixture.resolve("model.safetensors"));
        ClipEncoder enc = ClipEncoder.load(Checkpoint.read(fixture.resolve("model.safetensors")),
            0)) {
      float[][] ours = model.embedImages(names.stream().map(images::resolve).toList());
      float[][] theirs = enc.encodeImages(reference, names.size(), ImageOutput.EMBEDDING);
      // The reference pixels are within one 8-bit level of ours; the features follow closely.
      assertThat(ReferenceFixtures.relativeError(flat(ours), flat(theirs))).isLessThan(2e-2);
      // Alone or in a batch: the same up to the products' summation order (the last block's
      // matmuls see 1 or 2 rows).
      assertThat(model.embedImage(images.resolve(names.get(1))))
          .containsExactly(ours[1], org.assertj.core.api.Assertions.within(1e-6f));
    }
  }

  @Test
  void aRunDirectoryLoadsWithItsLearnedVocabularyAndContext() throws Exception {
    Path run = dir.resolve("run");
    ExperimentRunner.run(ExperimentRunnerFixtures.tiny(2),
        new ExperimentRunner.Options(run, false, dev.clipjvm.clip.tf.train.TrainingListener.NONE));
    BpeTokenizer learned = BpeTokenizer.openAi(run.resolve("vocab/merges.txt"));
    try (ClipModel model = ClipModel.load(run);
        ClipEncoder enc = ClipEncoder.load(Checkpoint.read(run.resolve("model.safetensors"),
            ExperimentRunnerFixtures.tiny(2).model()), 0)) {
      assertThat(model.contextLength()).isEqualTo(24);
      assertThat(model.tokenizer().vocabSize()).isEqualTo(learned.vocabSize());
      List<String> texts = List.of("a red circle", "a small blue square on the left");
      float[][] expected = unit(enc.encodeTexts(learned.tokenize(texts, 24, Overflow.TRUNCATE)));
      assertThat(ReferenceFixtures.relativeError(flat(model.embedTexts(texts)), flat(expected)))
          .isLessThanOrEqualTo(1e-5);
    }
    // The run's weights file given alone loads as the run: the same vocabulary and context.
    try (ClipModel fromFile = ClipModel.load(run.resolve("model.safetensors"))) {
      assertThat(fromFile.contextLength()).isEqualTo(24);
      assertThat(fromFile.tokenizer().vocabSize()).isEqualTo(learned.vocabSize());
    }
    // A vocabulary the model was not trained with does not fit it, and says so.
    Path openAi = ReferenceFixtures.dir("vit-tiny").resolveSibling("bpe_simple_vocab_16e6.txt.gz");
    assertThatThrownBy(() -> ClipModel.load(run, Optional.of(openAi)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the vocabulary has 49408 tokens").hasMessageContaining("--vocab");
  }

  @Test
  void aDirectoryThatIsNoRunDirectoryIsRejectedByName() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ClipModel.load(dir.resolve("empty")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("run directory")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ClipModel.load(dir.resolve("missing.safetensors")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.safetensors");
  }

  static float[][] rows(TensorData t, int n) {
    float[] v = t.toFloats();
    int d = v.length / n;
    float[][] out = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(v, i * d, out[i], 0, d);
    }
    return out;
  }

  private static float[][] matrix(TensorData t) {
    return rows(t, (int) t.dim(0));
  }

  private static float[][] transpose(float[][] m) {
    float[][] out = new float[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        out[j][i] = m[i][j];
      }
    }
    return out;
  }

  private static float[][] matmul(float[][] a, float[][] b, float[] bias) {
    float[][] out = new float[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        double s = bias == null ? 0 : bias[j];
        for (int k = 0; k < b.length; k++) {
          s += (double) a[i][k] * b[k][j];
        }
        out[i][j] = (float) s;
      }
    }
    return out;
  }

  static float[][] unit(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double n = norm(rows[i]);
      out[i] = new float[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = (float) (rows[i][j] / n);
      }
    }
    return out;
  }

  static double norm(float[] row) {
    double s = 0;
    for (float v : row) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  static float[] flat(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
    }
    return out;
  }
}
