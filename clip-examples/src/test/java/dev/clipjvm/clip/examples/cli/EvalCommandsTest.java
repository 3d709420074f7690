package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.transfer.FeatureSet;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandsTest {
  @TempDir Path dir;

  /** Two classes in 2 dimensions, class c centred at (3c, 0), with unit Gaussian noise. */
  private Path features(String name, int rows, long seed) throws Exception {
    Random random = new Random(seed);
    float[] x = new float[rows * 2];
    long[] y = new long[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = r % 2;
      x[2 * r] = (float) (random.nextGaussian() + 3 * y[r]);
      x[2 * r + 1] = (float) random.nextGaussian();
    }
    Path file = dir.resolve(name);
    Safetensors.write(file, List.of(TensorData.ofFloats("features", new long[] {rows, 2}, x),
        TensorData.ofLongs("labels", new long[] {rows}, y)), Map.of());
    return file;
  }

  private static JsonNode json(String out) throws Exception {
    assertThat(out.lines().count()).isEqualTo(1);
    return new ObjectMapper().readTree(out);
  }

  @Test
  void linearProbeAtAFixedStrengthPrintsItsObjectiveAndFewShotCurve() throws Exception {
    Path train = features("train.safetensors", 200, 1);
    Path test = features("test.safetensors", 200, 2);
    JsonNode o = json(CliOutput.stdout("eval", "linear-probe", "--train", train.toString(),
        "--test", test.toString(), "--l2", "0.01", "--shots", "1,4", "--seeds", "3", "--json"));
    assertThat(o.get("l2").asDouble()).isEqualTo(0.01);
    assertThat(o.get("accuracy").asDouble()).isGreaterThan(0.85);
    assertThat(o.get("objective").asDouble()).isBetween(0.01, Math.log(2));
    assertThat(o.get("converged").asBoolean()).isTrue();
    assertThat(o.get("gradient_max_abs").asDouble()).isBetween(0.0, 1e-6);
    assertThat(o.get("stop").asText()).isIn("gradient_tolerance", "value_tolerance");
    assertThat(o.get("few_shot")).hasSize(2);
    assertThat(o.get("few_shot").get(1).get("converged")).hasSize(3);
    assertThat(o.get("few_shot").get(1).get("shots").asInt()).isEqualTo(4);
    assertThat(o.get("few_shot").get(1).get("accuracies")).hasSize(3);
  }

  @Test
  void linearProbeSweepsWithoutAStrength() throws Exception {
    Path train = features("train.safetensors", 100, 3);
    JsonNode o = json(CliOutput.stdout("eval", "linear-probe", "--train", train.toString(),
        "--test", train.toString(), "--json"));
    assertThat(o.get("sweep").size()).isBetween(14, 15);
    assertThat(o.get("sweep").get(0).get("iterations").asInt()).isPositive();
    assertThat(o.get("sweep").get(0).get("converged").asBoolean()).isTrue();
  }

  @Test
  void linearProbeSolverLimitsComeFromTheCommandLine() throws Exception {
    Path train = features("train.safetensors", 100, 4);
    JsonNode o = json(CliOutput.stdout("eval", "linear-probe", "--train", train.toString(),
        "--test", train.toString(), "--l2", "1e-4", "--tolerance", "0", "--max-iterations", "3",
        "--json"));
    assertThat(o.get("iterations").asInt()).isEqualTo(3);
    assertThat(o.get("converged").asBoolean()).isFalse();
    assertThat(o.get("stop").asText()).isEqualTo("max_iterations");
    assertThat(o.get("gradient_max_abs").asDouble()).isPositive();
    // --train-rows keeps the first rows: the same fit as a file holding only those rows.
    Path first = features("first.safetensors", 100, 4);
    JsonNode all = json(CliOutput.stdout("eval", "linear-probe", "--train", first.toString(),
        "--test", train.toString(), "--l2", "1e-2", "--train-rows", "40", "--json"));
    Path cut = dir.resolve("cut.safetensors");
    FeatureSet head = FeatureSet.read(first).slice(0, 40);
    long[] labels = Arrays.stream(head.labels()).asLongStream().toArray();
    Safetensors.write(cut, List.of(TensorData.ofFloats("features", new long[] {40, head.dim()},
        head.features()), TensorData.ofLongs("labels", new long[] {40}, labels)), Map.of());
    JsonNode alone = json(CliOutput.stdout("eval", "linear-probe", "--train", cut.toString(),
        "--test", train.toString(), "--l2", "1e-2", "--json"));
    assertThat(all.get("objective").asDouble()).isEqualTo(alone.get("objective").asDouble());
    assertThat(all.get("accuracy").asDouble()).isEqualTo(alone.get("accuracy").asDouble());
    CliOutput.Run r = CliOutput.run("eval", "linear-probe", "--train", train.toString(),
        "--test", train.toString(), "--train-rows", "101");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("clip eval linear-probe: --train-rows must be between "
        + "1 and the 100 training rows, got 101");
    r = CliOutput.run("eval", "linear-probe", "--train", train.toString(),
        "--test", train.toString(), "--max-iterations", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo(
        "clip eval linear-probe: --max-iterations must be at least 1, got 0");
    r = CliOutput.run("eval", "linear-probe", "--train", train.toString(), "--test",
        train.toString(), "--tolerance", "NaN");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo(
        "clip eval linear-probe: --tolerance must be a finite number >= 0, got NaN");
  }

  @Test
  void linearProbeMistakesAreOneLineAndExitTwo() throws Exception {
    Path train = features("train.safetensors", 10, 3);
    CliOutput.Run r = CliOutput.run("eval", "linear-probe", "--train", train.toString(),
        "--test", train.toString(), "--shots", "6");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("clip eval linear-probe: 6 shots per class need 6 "
        + "training rows of class 0, it has 4");
    Path bad = dir.resolve("bad.safetensors");
    Safetensors.write(bad, List.of(TensorData.ofFloats("features", new long[] {2, 1},
        new float[2])), Map.of());
    r = CliOutput.run("eval", "linear-probe", "--train", bad.toString(), "--test",
        train.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(bad.toString()).contains("needs tensors 'features' and 'labels'");
  }

  @Test
  void linearProbeExtractsPreProjectionFeaturesFromACheckpoint() throws Exception {
    // Two class folders of flat images: dark ones and bright ones.
    for (String c : List.of("bright", "dark")) {
      Files.createDirectories(dir.resolve("images/" + c));
      for (int i = 0; i < 4; i++) {
        BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        int v = c.equals("dark") ? 20 + 10 * i : 200 + 10 * i;
        for (int y = 0; y < 20; y++) {
          for (int x = 0; x < 20; x++) {
            img.setRGB(x, y, (v << 16) | (v << 8) | (x * 5));
          }
        }
        ImageIO.write(img, "png", dir.resolve("images/" + c + "/" + i + ".png").toFile());
      }
    }
    Path model = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"),
        "vit-tiny/model.safetensors");
    String images = dir.resolve("images").toString();
    JsonNode o = json(CliOutput.stdout("eval", "linear-probe", "--checkpoint", model.toString(),
        "--train-images", images, "--test-images", images, "--pre-projection", "--l2", "1e-3",
        "--json"));
    assertThat(o.get("accuracy").asDouble()).isEqualTo(1.0);
    CliOutput.Run r = CliOutput.run("eval", "linear-probe", "--checkpoint", model.toString(),
        "--train-images", images);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--checkpoint needs --train-images and --test-images");
  }

  @Test
  void robustnessFitsTheBaselineAndPlots() throws Exception {
    // Baselines on logit(shifted) = logit(id) - 1 exactly; the model sits at id 0.5, shifted 0.5.
    double a = 1 / (1 + Math.exp(1));
    double b = 1 / (1 + Math.exp(-1));
    Path base = dir.resolve("baseline.json");
    Files.writeString(base, "{\"models\": [{\"name\": \"a\", \"in_distribution\": 0.5, "
        + "\"shifted\": {\"noise\": " + a + "}}, {\"name\": \"b\", \"in_distribution\": "
        + b + ", \"shifted\": {\"noise\": 0.5}}]}");
    Path model = dir.resolve("model.json");
    Files.writeString(model, "{\"models\": [{\"name\": \"clip\", \"in_distribution\": 0.5, "
        + "\"shifted\": {\"noise\": 0.5}}]}");
    Path png = dir.resolve("robustness.png");
    JsonNode o = json(CliOutput.stdout("eval", "robustness", "--baseline", base.toString(),
        "--models", model.toString(), "--plot", png.toString(), "--json"));
    JsonNode noise = o.get("shifts").get("noise");
    assertThat(noise.get("slope").asDouble()).isCloseTo(1, within(1e-9));
    assertThat(noise.get("intercept").asDouble()).isCloseTo(-1, within(1e-9));
    assertThat(noise.get("clip").get("effective_robustness").asDouble())
        .isCloseTo(0.5 - a, within(1e-9));
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(800);

    Files.writeString(model, "{\"models\": [{\"name\": \"clip\", \"in_distribution\": 1.5, "
        + "\"shifted\": {\"noise\": 0.5}}]}");
    CliOutput.Run r = CliOutput.run("eval", "robustness", "--baseline", base.toString(),
        "--models", model.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("models[0].in_distribution must be an accuracy in [0, 1], "
        + "got 1.5");
  }

  @Test
  void retrievalReportsRecallBothWays() throws Exception {
    // Image i along axis i; caption 0 and 2 of image 0, caption 1 of image 1 nearest image 0.
    Path file = dir.resolve("retrieval.safetensors");
    Safetensors.write(file, List.of(
        TensorData.ofFloats("image_features", new long[] {2, 2}, new float[] {1, 0, 0, 1}),
        TensorData.ofFloats("text_features", new long[] {3, 2}, new float[] {1, 0, 1, 0.5f,
            1, 0.1f}),
        TensorData.ofLongs("text_to_image", new long[] {3}, new long[] {0, 1, 0})), Map.of());
    JsonNode o = json(CliOutput.stdout("eval", "retrieval", "--features", file.toString(),
        "--json"));
    assertThat(o.get("text_to_image_r1").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(o.get("text_to_image_r5").asDouble()).isEqualTo(1.0);
    // From image 1 the captions score 0, 0.447 and 0.0995: its own caption 1 ranks first.
    assertThat(o.get("image_to_text_r1").asDouble()).isEqualTo(1.0);
    assertThat(o.get("text_to_image_mean_rank").asDouble()).isCloseTo(4.0 / 3, within(1e-12));
  }
}
