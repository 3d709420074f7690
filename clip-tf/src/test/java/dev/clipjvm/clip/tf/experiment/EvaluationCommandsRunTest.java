package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.experiment.EvaluationCommand;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.data.source.CaptionedDataset;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.evaluation.RetrievalEvaluation;
import dev.clipjvm.clip.tf.evaluation.ZeroShotEvaluation;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.train.TrainingListener;
import dev.clipjvm.clip.tf.transfer.Retrieval;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment's evaluation commands run on the trained model after training. */
class EvaluationCommandsRunTest {
  @TempDir Path dir;

  /**
   * The experiment's evaluation batch size. Texts are encoded with the context cut to the
   * longest in their batch, which changes embeddings in the last digits: the direct
   * measurements use the same batches so ranks among near-equal scores agree exactly.
   */
  private static final int BATCH = 8;

  /** In the sorted order of their folders, as a classes text file lists them. */
  private static final String[] CLASSES = {"blue", "red"};
  private static final Color[] COLOURS = {Color.BLUE, Color.RED};

  @Test
  void runsEveryCommandOnTheTrainedModelAndReportsIt() throws Exception {
    Path images = classFolders(dir.resolve("images"), 3);
    Files.writeString(dir.resolve("classes.txt"), "blue\nred\n");
    Files.writeString(dir.resolve("templates.txt"), "a {} square\na photo of {}\n");
    StringBuilder csv = new StringBuilder("path,caption\n");
    for (int i = 0; i < 3; i++) {
      for (String c : CLASSES) {
        csv.append("images/").append(c).append('/').append(i).append(".png,a ").append(c)
            .append(" square\n");
      }
    }
    csv.append("images/red/0.png,something red\n");
    Files.writeString(dir.resolve("captions.csv"), csv);
    // Two baseline points: logit(shifted) = logit(id) - 1 exactly.
    double a = 1 / (1 + Math.exp(1));
    Files.writeString(dir.resolve("baseline.json"), "{\"models\": [{\"name\": \"a\", "
        + "\"in_distribution\": 0.5, \"shifted\": {\"outline\": " + a + "}}, {\"name\": \"b\", "
        + "\"in_distribution\": " + (1 - a) + ", \"shifted\": {\"outline\": 0.5}}]}");
    List<EvaluationCommand> commands = List.of(
        new EvaluationCommand.ZeroShot("zs", images.toString(), dir.resolve("classes.txt")
            .toString(), dir.resolve("templates.txt").toString(), Optional.empty()),
        new EvaluationCommand.LinearProbe("probe", images.toString(), images.toString(),
            Optional.of(1e-2), 0.2, false),
        new EvaluationCommand.Retrieval("retrieval", dir.resolve("captions.csv").toString()),
        new EvaluationCommand.Robustness("shifts", Optional.of(Attribute.SHAPE),
            List.of(SyntheticShift.OUTLINE), 12, 0, Optional.empty(), List.of(),
            Optional.empty(), Optional.empty(), List.of(dir.resolve("baseline.json")
                .toString())));
    Experiment e = ExperimentRunnerFixtures.tiny(2);
    assertThat(e.evaluation().batchSize()).isEqualTo(BATCH);
    e = e.withEvaluation(e.evaluation().withCommands(commands));
    Path run = dir.resolve("run");
    ExperimentRunner.run(e, new ExperimentRunner.Options(run, false, TrainingListener.NONE));

    ObjectMapper mapper = new ObjectMapper();
    JsonNode zs = mapper.readTree(run.resolve("evaluation/zs.json").toFile());
    JsonNode probe = mapper.readTree(run.resolve("evaluation/probe.json").toFile());
    JsonNode retrieval = mapper.readTree(run.resolve("evaluation/retrieval.json").toFile());
    JsonNode shifts = mapper.readTree(run.resolve("evaluation/shifts.json").toFile());
    try (ClipModel model = ClipModel.load(run)) {
      // What the commands would give on the run directory, computed here directly.
      double top1 = ZeroShotEvaluation.run(model, PromptSet.of(List.of(CLASSES),
          List.of("a {} square", "a photo of {}")), LabelledDataset.open(images), BATCH).top1();
      assertThat(zs.get("top1").asDouble()).isEqualTo(top1);
      RetrievalEvaluation.Embeddings emb = RetrievalEvaluation.embed(model,
          CaptionedDataset.open(dir.resolve("captions.csv")), BATCH);
      Retrieval.Result r = emb.score();
      assertThat(emb.images()).isEqualTo(6);
      assertThat(emb.texts()).isEqualTo(7);
      assertThat(retrieval.get("text_to_image_r1").asDouble())
          .isEqualTo(r.textToImageRecall(1));
      assertThat(retrieval.get("image_to_text_mean_rank").asDouble())
          .isEqualTo(r.imageToTextMeanRank());
      LabelledDataset outline = LabelledDataset.synthetic(new LabelledSet.Synthetic(
          Attribute.SHAPE, false, 12, SyntheticShift.OUTLINE), 0, model.imageSize());
      double shifted = ZeroShotEvaluation.run(model, PromptSet.of(Attribute.SHAPE.classNames(),
          ExperimentPresets.SHAPE_TEMPLATES), outline, BATCH).top1();
      JsonNode own = shifts.get("accuracies").get(0);
      assertThat(own.get("name").asText()).isEqualTo("tiny");
      assertThat(own.get("shifted").get("outline").asDouble()).isEqualTo(shifted);
      JsonNode fit = shifts.get("shifts").get("outline");
      assertThat(fit.get("slope").asDouble()).isCloseTo(1, within(1e-9));
      assertThat(fit.get("intercept").asDouble()).isCloseTo(-1, within(1e-9));
      double id = own.get("in_distribution").asDouble();
      double logit = Math.log(Math.max(1e-4, Math.min(1 - 1e-4, id))
          / (1 - Math.max(1e-4, Math.min(1 - 1e-4, id))));
      assertThat(fit.get("tiny").get("effective_robustness").asDouble())
          .isCloseTo(shifted - 1 / (1 + Math.exp(-(logit - 1))), within(1e-9));
    }
    // The probe is trained and tested on the same six images of two classes.
    assertThat(probe.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(probe.get("l2").asDouble()).isEqualTo(1e-2);
    String report = Files.readString(run.resolve("report.md"));
    assertThat(report).contains("## Evaluation commands", "| zs | zeroshot | top-1 ",
        "| probe | linear_probe | accuracy ", "| retrieval | retrieval | image to text R@1 ",
        "| shifts | robustness | in-distribution ", "[evaluation/shifts.json]");
  }

  @Test
  void aMissingInputFailsBeforeTraining() {
    Experiment e = ExperimentRunnerFixtures.tiny(2);
    Experiment bad = e.withEvaluation(e.evaluation().withCommands(List.of(
        new EvaluationCommand.Retrieval("retrieval", dir.resolve("nope.csv").toString()))));
    Path run = dir.resolve("run");
    assertThatThrownBy(() -> ExperimentRunner.run(bad,
        new ExperimentRunner.Options(run, false, TrainingListener.NONE)))
        .hasMessage("evaluation.commands[0].data: no such file or folder "
            + dir.resolve("nope.csv"));
    assertThat(run.resolve("checkpoints")).doesNotExist();
  }

  private static Path classFolders(Path root, int perClass) throws Exception {
    for (int c = 0; c < CLASSES.length; c++) {
      Path d = Files.createDirectories(root.resolve(CLASSES[c]));
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(20 + 4 * i, 18, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(COLOURS[c]);
        g.fillRect(2 + i, 3, 10, 10);
        g.dispose();
        ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
      }
    }
    return root;
  }
}
