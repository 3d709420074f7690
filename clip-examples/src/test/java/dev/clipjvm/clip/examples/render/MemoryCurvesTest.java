package dev.clipjvm.clip.examples.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory curves: two PNGs per model from StepMemory's JSON lines; bad lines named. */
class MemoryCurvesTest {

  @Test
  void writesPeakAndThroughputPlotsPerModel(@TempDir Path dir) throws IOException {
    Path points = dir.resolve("points.jsonl");
    Files.writeString(points, String.join("\n",
        line("demo", 256, 256, false, 1600, 90),
        line("demo", 1024, 1024, false, 3000, 80),
        line("demo", 1024, 1024, true, 2100, 70),
        line("demo", 4096, 256, false, 1300, 150),
        "",
        line("ViT-B/32", 32, 32, true, 4000, 2),
        line("docs/bench/rn50-96px.json", 64, 64, false, 4976, 11)));
    List<Path> pngs = MemoryCurves.write(points, dir.resolve("out"));
    // A model given as a config file is named by the file, not its path.
    assertThat(pngs).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
        "vit-b-32-peak-rss.png", "vit-b-32-pairs-per-s.png", "demo-peak-rss.png",
        "demo-pairs-per-s.png", "rn50-96px-peak-rss.png", "rn50-96px-pairs-per-s.png");
    BufferedImage image = ImageIO.read(dir.resolve("out/demo-peak-rss.png").toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(500);
  }

  @Test
  void namesTheLineThatIsNotJson(@TempDir Path dir) throws IOException {
    Path points = dir.resolve("points.jsonl");
    Files.writeString(points, line("demo", 256, 256, false, 1600, 90) + "\n{oops\n");
    assertThatThrownBy(() -> MemoryCurves.write(points, dir.resolve("out")))
        .isInstanceOf(IOException.class).hasMessageContaining("line 2");
  }

  private static String line(String model, int batch, int micro, boolean recompute, int peak,
      double rate) {
    return "{\"model\":\"" + model + "\",\"batch_size\":" + batch + ",\"micro_batch_size\":"
        + micro + ",\"recompute\":" + recompute + ",\"peak_rss_mib\":" + peak
        + ",\"rss_before_steps_mib\":500,\"seconds_per_step\":1.0,\"pairs_per_s\":" + rate + "}";
  }
}
