package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.source.LabelledDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clip eval robustness} measuring models: its accuracies are what {@code clip eval
 * zeroshot} gives on the same images, and its fit is the line through the baseline points.
 */
class RobustnessMeasuredTest {
  @TempDir Path dir;

  private static final int COUNT = 30;

  @Test
  void measuredAccuraciesAreZeroShotTop1AndTheFitIsTheLineThroughTheBaselines()
      throws Exception {
    Path vit = EvalFixtures.vitTiny();
    Path templates = dir.resolve("templates.txt");
    Files.writeString(templates, "a photo of a {}\na {}\n");
    // The other baseline: a point away from any multiple of 1/COUNT.
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"models\": [{\"name\": \"other\", \"in_distribution\": 0.97, "
        + "\"shifted\": {\"outline\": 0.61, \"noise\": 0.43}}]}");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode o = mapper.readTree(CliOutput.stdout("eval", "robustness", "--checkpoint",
        vit.toString(), "--baseline", vit.toString(), "--baseline", other.toString(),
        "--synthetic", "shape", "--shift", "outline,noise", "--count", Integer.toString(COUNT),
        "--templates", templates.toString(), "--plot", dir.resolve("r.png").toString(),
        "--json"));
    JsonNode measured = o.get("accuracies");
    assertThat(measured).hasSize(2); // the baseline run of vit-tiny and the evaluated one
    JsonNode acc = measured.get(1);
    assertThat(measured.get(0)).isEqualTo(acc);

    // The same sets as class folders of lossless PNGs, scored by eval zeroshot.
    Path classes = dir.resolve("classes.txt");
    Files.writeString(classes, String.join("\n",
        Attribute.SHAPE.classNames().stream().sorted().toList()) + "\n");
    String[] sets = {"in_distribution", "outline", "noise"};
    SyntheticShift[] shifts = {SyntheticShift.NONE, SyntheticShift.OUTLINE,
        SyntheticShift.NOISE};
    double[] zeroShot = new double[3];
    for (int s = 0; s < 3; s++) {
      Path folder = writeFolders(dir.resolve(sets[s]), shifts[s]);
      zeroShot[s] = mapper.readTree(CliOutput.stdout("eval", "zeroshot", "--checkpoint",
          vit.toString(), "--images", folder.toString(), "--classes", classes.toString(),
          "--templates", templates.toString(), "--json")).get("top1").asDouble();
    }
    assertThat(acc.get("in_distribution").asDouble()).isEqualTo(zeroShot[0]);
    assertThat(acc.get("shifted").get("outline").asDouble()).isEqualTo(zeroShot[1]);
    assertThat(acc.get("shifted").get("noise").asDouble()).isEqualTo(zeroShot[2]);

    // Two baseline points: the fit is the line through them in logit space.
    for (int s = 1; s < 3; s++) {
      double x1 = logit(zeroShot[0]);
      double y1 = logit(zeroShot[s]);
      double x2 = logit(0.97);
      double y2 = logit(s == 1 ? 0.61 : 0.43);
      double slope = (y2 - y1) / (x2 - x1);
      JsonNode fit = o.get("shifts").get(sets[s]);
      assertThat(fit.get("slope").asDouble()).isCloseTo(slope, within(1e-9));
      assertThat(fit.get("intercept").asDouble()).isCloseTo(y1 - slope * x1, within(1e-9));
      assertThat(fit.get("baseline_models").asInt()).isEqualTo(2);
      // The evaluated model is a baseline point itself: on the line, robustness 0.
      assertThat(fit.get(vit.toString()).get("effective_robustness").asDouble())
          .isCloseTo(0, within(1e-9));
    }
    assertThat(ImageIO.read(dir.resolve("r.png").toFile()).getWidth()).isEqualTo(800);
  }

  /** The shifted synthetic shape set as {@code root/CLASS/i.png}. */
  private static Path writeFolders(Path root, SyntheticShift shift) throws Exception {
    LabelledDataset data = LabelledDataset.synthetic(new LabelledSet.Synthetic(Attribute.SHAPE,
        false, COUNT, shift), 0, 64);
    ImageDecoder decoder = new ImageDecoder();
    List<LabelledDataset.Item> items = data.items();
    for (int i = 0; i < items.size(); i++) {
      Pixels p = items.get(i).decode(decoder);
      BufferedImage img = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < p.height(); y++) {
        for (int x = 0; x < p.width(); x++) {
          img.setRGB(x, y, p.sample(x, y, 0) << 16 | p.sample(x, y, 1) << 8 | p.sample(x, y, 2));
        }
      }
      Path d = Files.createDirectories(root.resolve(data.classKeys().get(items.get(i).label())));
      // Zero-padded names keep the folder order the synthetic set's order.
      ImageIO.write(img, "png", d.resolve(String.format("%03d.png", i)).toFile());
    }
    return root;
  }

  private static double logit(double p) {
    double q = Math.min(1 - 1e-4, Math.max(1e-4, p));
    return Math.log(q / (1 - q));
  }
}
