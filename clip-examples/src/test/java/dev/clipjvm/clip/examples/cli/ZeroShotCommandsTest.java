package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.zeroshot.Prediction;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeroShotCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SIX = {"black", "blue", "green", "orange", "red", "white"};
  private static final Color[] COLOURS = {Color.BLACK, Color.BLUE, Color.GREEN, Color.ORANGE,
      Color.RED, Color.WHITE};

  @TempDir static Path dir;
  private static Path model;
  private static Path data;
  private static Path templates;

  @BeforeAll
  static void inputs() throws Exception {
    model = EvalFixtures.vitTiny();
    data = EvalFixtures.classFolders(dir.resolve("data"), SIX, COLOURS, 2);
    templates = Files.writeString(dir.resolve("templates.txt"),
        "a photo of a {} square.\na {} block\n");
  }

  @Test
  void classifyPrintsEveryLabelBestFirstAsTheLibraryRanksThem() throws Exception {
    Path image = data.resolve("red/0.png");
    CliOutput.Run r = CliOutput.run("classify", "--checkpoint", model.toString(), "--labels",
        "red, green ,blue", "--templates", templates.toString(), "--json", image.toString(),
        data.resolve("blue").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode images = JSON.readTree(r.out()).get("images");
    assertThat(images).hasSize(3);
    assertThat(images.get(0).get("image").asText()).isEqualTo(image.toString());
    assertThat(images.get(1).get("image").asText()).endsWith("blue/0.png");
    List<Prediction> expected;
    try (ClipModel m = ClipModel.load(model)) {
      expected = ZeroShotClassifier.build(m, PromptSet.of(List.of("red", "green", "blue"),
          List.of("a photo of a {} square.", "a {} block"))).classify(image);
    }
    JsonNode preds = images.get(0).get("predictions");
    assertThat(preds).hasSize(3);
    double total = 0;
    for (int i = 0; i < 3; i++) {
      assertThat(preds.get(i).get("label").asText()).isEqualTo(expected.get(i).label());
      assertThat(preds.get(i).get("score").asDouble()).isCloseTo(expected.get(i).score(),
          within(1e-5));
      assertThat(preds.get(i).get("probability").asDouble())
          .isCloseTo(expected.get(i).probability(), within(1e-4));
      total += preds.get(i).get("probability").asDouble();
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));

    String human = CliOutput.stdout("classify", "--checkpoint", model.toString(), "--labels",
        "red,green,blue", "--templates", templates.toString(), "--top", "2", image.toString());
    assertThat(human.lines().toList()).hasSize(3).first().isEqualTo(image.toString());
    assertThat(human).contains(expected.get(0).label(), expected.get(1).label());
  }

  @Test
  void evalZeroshotAgreesWithItsPredictionsAndWritesTheConfusionMatrix() throws Exception {
    Path classes = Files.writeString(dir.resolve("classes.txt"), String.join("\n", SIX) + "\n");
    Path csv = dir.resolve("pred.csv");
    Path png = dir.resolve("confusion.png");
    CliOutput.Run r = CliOutput.run("eval", "zeroshot", "--checkpoint", model.toString(),
        "--images", data.toString(), "--classes", classes.toString(), "--templates",
        templates.toString(), "--predictions", csv.toString(), "--confusion", png.toString(),
        "--json", "--batch", "5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("images").asInt()).isEqualTo(12);
    assertThat(j.has("top5")).isTrue(); // six classes
    assertThat(j.get("classes")).hasSize(6);
    assertThat(r.err()).contains("class", "recall", "orange");

    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo("image,label,predicted,score");
    assertThat(rows).hasSize(13);
    assertThat(rows.get(1)).startsWith("black/0.png,black,");
    int hits = 0;
    int[] perClass = new int[6];
    for (String row : rows.subList(1, 13)) {
      String[] f = row.split(",");
      if (f[1].equals(f[2])) {
        hits++;
        perClass[List.of(SIX).indexOf(f[1])]++;
      }
      assertThat(Double.parseDouble(f[3])).isBetween(-1.0, 1.0);
    }
    assertThat(j.get("top1").asDouble()).isCloseTo(hits / 12.0, within(1e-12));
    double mean = 0;
    for (int c = 0; c < 6; c++) {
      assertThat(j.get("classes").get(c).get("recall").asDouble())
          .isCloseTo(perClass[c] / 2.0, within(1e-12));
      mean += perClass[c] / 2.0 / 6;
    }
    assertThat(j.get("mean_per_class_recall").asDouble()).isCloseTo(mean, within(1e-12));
    BufferedImage confusion = ImageIO.read(png.toFile());
    assertThat(confusion.getWidth()).isGreaterThan(6 * 40);

    // The same through a JSON class object (keys are folder names) and five classes: no top5.
    Path five = EvalFixtures.classFolders(dir.resolve("five"), new String[] {"a", "b", "c", "d",
        "e"}, new Color[] {Color.RED, Color.GREEN, Color.BLUE, Color.BLACK, Color.WHITE}, 1);
    Path object = Files.writeString(dir.resolve("c.json"), "{\"e\": \"white\", \"a\": \"red\","
        + " \"b\": [\"green\", \"lime\"], \"c\": \"blue\", \"d\": \"black\", \"z\": \"pink\"}");
    JsonNode k = JSON.readTree(CliOutput.stdout("eval", "zeroshot", "--checkpoint",
        model.toString(), "--images", five.toString(), "--classes", object.toString(),
        "--templates", templates.toString(), "--json"));
    assertThat(k.has("top5")).isTrue(); // six candidate classes, one without images
    assertThat(k.get("classes").get(5).get("recall").isNull()).isTrue();
    assertThat(k.get("classes").get(1).get("class").asText()).isEqualTo("red");
  }

  @Test
  void openAisPromptMarkdownServesClassesAndTemplates() throws Exception {
    Path md = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"),
        "prompts.md");
    Path cifar = EvalFixtures.classFolders(dir.resolve("cifar"), new String[] {"0airplane",
        "1automobile", "2bird", "3cat", "4deer", "5dog", "6frog", "7horse", "8ship", "9truck"},
        new Color[] {Color.BLUE, Color.GRAY, Color.CYAN, Color.ORANGE, Color.PINK, Color.YELLOW,
            Color.GREEN, Color.MAGENTA, Color.WHITE, Color.RED}, 1);
    JsonNode j = JSON.readTree(CliOutput.stdout("eval", "zeroshot", "--checkpoint",
        model.toString(), "--images", cifar.toString(), "--classes", md.toString(),
        "--templates", md.toString(), "--dataset", "CIFAR10", "--json"));
    assertThat(j.get("classes").get(0).get("class").asText()).isEqualTo("airplane");
    assertThat(j.get("images").asInt()).isEqualTo(10);
  }

  @Test
  void badInputsExitTwoWithOneLine() throws Exception {
    Path three = Files.writeString(dir.resolve("three.txt"), "a\nb\nc\n");
    Path missingKey = Files.writeString(dir.resolve("k.json"), "{\"red\": \"red\"}");
    Path noBraces = Files.writeString(dir.resolve("nb.txt"), "a photo\n");
    Path md = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"),
        "prompts.md");
    Path six = Files.writeString(dir.resolve("six.txt"), String.join("\n", SIX));
    List<String[]> bad = new ArrayList<>();
    bad.add(zs("--classes", three.toString(), "--templates", templates.toString()));
    bad.add(zs("--classes", missingKey.toString(), "--templates", templates.toString()));
    bad.add(zs("--classes", six.toString(), "--templates", noBraces.toString()));
    bad.add(zs("--classes", six.toString(), "--templates", md.toString()));
    bad.add(zs("--classes", six.toString(), "--templates", dir.resolve("none.txt").toString()));
    bad.add(new String[] {"classify", "--checkpoint", model.toString(), "--labels", "a,a",
        data.resolve("red/0.png").toString()});
    bad.add(new String[] {"classify", "--checkpoint", model.toString(), "--labels", "a,b",
        dir.resolve("missing.png").toString()});
    bad.add(new String[] {"classify", "--checkpoint", dir.resolve("nope.pt").toString(),
        "--labels", "a,b", data.resolve("red/0.png").toString()});
    for (String[] args : bad) {
      CliOutput.Run r = CliOutput.run(args);
      String command = args[0].equals("eval") ? "clip eval zeroshot: " : "clip classify: ";
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1)
          .allMatch(l -> l.startsWith(command));
    }
    assertThat(CliOutput.run(zs("--classes", three.toString(), "--templates",
        templates.toString())).err()).contains("names 3 classes", "6 class folders");
    assertThat(CliOutput.run(zs("--classes", missingKey.toString(), "--templates",
        templates.toString())).err()).contains("no key \"black\"");
  }

  private static String[] zs(String... extra) {
    List<String> a = new ArrayList<>(List.of("eval", "zeroshot", "--checkpoint",
        model.toString(), "--images", data.toString(), "--json"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }
}
