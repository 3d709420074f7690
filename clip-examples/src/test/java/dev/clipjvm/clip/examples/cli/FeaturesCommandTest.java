package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.inference.ClipModel;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {
  @TempDir Path dir;

  @Test
  void writesNormalizedEmbeddingsAndLabelsOfClassFolders() throws Exception {
    Path model = EvalFixtures.vitTiny();
    Path data = EvalFixtures.classFolders(dir.resolve("data"), new String[] {"red", "blue"},
        new Color[] {Color.RED, Color.BLUE}, 2);
    Path out = dir.resolve("f.safetensors");
    CliOutput.Run r = CliOutput.run("features", "--checkpoint", model.toString(), "--images",
        data.toString(), "--out", out.toString(), "--batch", "3", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(r.out().strip().lines()).hasSize(1);
    assertThat(json.get("images").asInt()).isEqualTo(4);
    assertThat(json.get("width").asInt()).isEqualTo(64);
    assertThat(json.get("classes").toString()).isEqualTo("[\"blue\",\"red\"]");
    TensorFile f = Safetensors.read(out);
    assertThat(f.get("features").dtype()).isEqualTo(DType.F32);
    assertThat(f.get("features").shape()).containsExactly(4, 64);
    assertThat(f.get("labels").dtype()).isEqualTo(DType.I64);
    assertThat(f.get("labels").toLongs()).containsExactly(0, 0, 1, 1);
    float[] flat = f.get("features").toFloats();
    try (ClipModel m = ClipModel.load(model)) {
      float[][] direct = m.embedImages(List.of(data.resolve("blue/0.png"),
          data.resolve("blue/1.png"), data.resolve("red/0.png"), data.resolve("red/1.png")));
      for (int i = 0; i < 4; i++) {
        double norm = 0;
        for (int j = 0; j < 64; j++) {
          assertThat(flat[i * 64 + j]).isCloseTo(direct[i][j], within(1e-5f));
          norm += flat[i * 64 + j] * flat[i * 64 + j];
        }
        assertThat(norm).isCloseTo(1.0, within(1e-4));
      }
    }
  }

  @Test
  void preProjectionFeaturesHaveTheTowerWidth() throws Exception {
    Path data = EvalFixtures.classFolders(dir.resolve("data"), new String[] {"a", "b", "c"},
        new Color[] {Color.RED, Color.GREEN, Color.BLUE}, 1);
    Path out = dir.resolve("p.safetensors");
    String stdout = CliOutput.stdout("features", "--checkpoint",
        EvalFixtures.vitTiny().toString(), "--images", data.toString(), "--out", out.toString(),
        "--pre-projection");
    assertThat(stdout).contains("3 x 128 pre-projection features");
    TensorFile f = Safetensors.read(out);
    assertThat(f.get("features").shape()).containsExactly(3, 128);
    assertThat(f.get("labels").toLongs()).containsExactly(0, 1, 2);
    assertThat(f.metadata()).containsEntry("output", "pre_projection");
  }

  @Test
  void badInputsExitTwoWithOneLine() throws Exception {
    Path model = EvalFixtures.vitTiny();
    Path out = dir.resolve("x.safetensors");
    Path flat = Files.createDirectories(dir.resolve("flat"));
    Files.writeString(flat.resolve("readme.txt"), "no class folders");
    Path empty = Files.createDirectories(dir.resolve("notarun"));
    List<String[]> bad = List.of(
        new String[] {"--images", dir.resolve("missing").toString()},
        new String[] {"--images", flat.toString()},
        new String[] {"--images", flat.toString(), "--batch", "0"});
    for (String[] extra : bad) {
      String[] args = new String[6 + extra.length];
      System.arraycopy(new String[] {"features", "--checkpoint", model.toString(), "--out",
          out.toString(), "--json"}, 0, args, 0, 6);
      System.arraycopy(extra, 0, args, 6, extra.length);
      CliOutput.Run r = CliOutput.run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines().toList()).hasSize(1)
          .allMatch(l -> l.startsWith("clip features: "));
      assertThat(r.out()).isEmpty();
    }
    Path data = EvalFixtures.classFolders(dir.resolve("data"), new String[] {"a"},
        new java.awt.Color[] {java.awt.Color.RED}, 1);
    CliOutput.Run r = CliOutput.run("features", "--checkpoint", empty.toString(), "--images",
        data.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("clip features: ").contains("notarun");
    assertThat(out).doesNotExist();
  }
}
