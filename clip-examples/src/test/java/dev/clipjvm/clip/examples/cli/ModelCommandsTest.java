package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.model.ModelPresets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {

  private static String run(String... args) {
    return CliOutput.stdout(args);
  }


  @Test
  void describeJsonPrintsTheEstimates() throws Exception {
    JsonNode d = new ObjectMapper().readTree(run("describe", "ViT-B/32", "--json"));
    assertThat(d.get("params").asLong()).isEqualTo(151_277_313L);
    assertThat(d.get("image_params").asLong() + d.get("text_params").asLong())
        .isEqualTo(151_277_313L);
    assertThat(d.get("image_macs").asDouble() / 1e9).isCloseTo(4.41, within(0.13));
    assertThat(d.get("text_macs").asDouble() / 1e9).isCloseTo(2.98, within(0.09));
    assertThat(d.get("config").get("vision_cfg").get("patch_size").asInt()).isEqualTo(32);
  }

  @Test
  void scaleWritesAConfigThatDescribeReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rn50-x16.json");
    JsonNode s = new ObjectMapper().readTree(
        run("scale", "RN50", "--compute", "16", "--json", "-o", file.toString()));
    double ratio = s.get("image_macs").asDouble() / s.get("base_image_macs").asDouble();
    assertThat(ratio).isCloseTo(16, within(16 * 0.15));
    JsonNode d = new ObjectMapper().readTree(run("describe", file.toString(), "--json"));
    assertThat(d.get("image_macs").asLong()).isEqualTo(s.get("image_macs").asLong());
    assertThat(ConfigJson.readModel(file).text().width())
        .isGreaterThan(ModelPresets.get("RN50").text().width());
  }

  @Test
  void noSearchRoundsThePapersEqualSplitToOpenAisRN50x64Shape() throws Exception {
    JsonNode s = new ObjectMapper().readTree(
        run("scale", "RN50", "--compute", "64", "--no-search", "--json"));
    JsonNode vision = s.get("config").get("vision_cfg");
    assertThat(vision.get("width").asInt()).isEqualTo(128);
    assertThat(vision.get("image_size").asInt()).isEqualTo(448);
    assertThat(vision.get("layers").toString()).isEqualTo("[12,16,24,12]");
    assertThat(s.get("config").get("text_cfg").get("width").asInt()).isEqualTo(1024);
  }

  @Test
  void describeRelativeToPrintsMultiples() throws Exception {
    JsonNode d = new ObjectMapper().readTree(
        run("describe", "RN50x4", "--relative-to", "RN50", "--json"));
    assertThat(d.get("relative_to").get("image_macs").asDouble()).isCloseTo(3.55, within(0.01));
  }

  @Test
  void badConfigExitsWithTwo(@TempDir Path dir) {
    int code = ClipCommand.commandLine()
        .execute("describe", dir.resolve("missing.json").toString());
    assertThat(code).isEqualTo(2);
  }
}
