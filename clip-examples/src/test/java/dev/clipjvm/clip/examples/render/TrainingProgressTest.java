package dev.clipjvm.clip.examples.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.tf.train.StepMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingProgressTest {

  private static StepMetrics step(long s) {
    return new StepMetrics(s, 4.0 - s, 1e-3, 14.3, 0.5, 100.0, 0.0);
  }

  @Test
  void quietPrintsEveryLogIntervalAndTheLastStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TrainingProgress p = new TrainingProgress(true, 2, new PrintStream(bytes, true,
        StandardCharsets.UTF_8));
    p.started(0, 5);
    for (long s = 1; s <= 5; s++) {
      p.stepped(step(s), 5);
    }
    p.finished();
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "step 2/5 loss 2.0000 lr 1.00e-03 scale 14.30 100.0 pairs/s",
        "step 4/5 loss 0.0000 lr 1.00e-03 scale 14.30 100.0 pairs/s",
        "step 5/5 loss -1.0000 lr 1.00e-03 scale 14.30 100.0 pairs/s");
  }

  @Test
  void plotsArePngsWithoutThePdfAndSvgStack(@TempDir Path dir) throws Exception {
    List<Path> files = new TrainingProgress(true, 1, System.err).plots(dir,
        List.of(step(1), step(2), step(3)),
        Map.of("zero_shot/shape/top1", List.of(new double[] {3, 0.5}),
            "zero_shot/shape/top5", List.of(new double[] {3, 0.9})));
    assertThat(files).extracting(f -> f.getFileName().toString())
        .containsExactly("loss.png", "lr.png", "logit_scale.png", "zero_shot.png");
    for (Path f : files) {
      assertThat(ImageIO.read(f.toFile()).getWidth()).isEqualTo(800);
    }
    // xchart's PDF/SVG and animated-GIF dependencies are excluded from every class path.
    for (String absent : List.of("org.apache.pdfbox.pdmodel.PDDocument",
        "de.erichseifert.vectorgraphics2d.VectorGraphics2D",
        "com.madgag.gif.fmsware.AnimatedGifEncoder")) {
      assertThat(isPresent(absent)).as(absent).isFalse();
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, TrainingProgressTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
