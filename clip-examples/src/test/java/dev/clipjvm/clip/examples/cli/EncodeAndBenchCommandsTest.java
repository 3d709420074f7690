package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodeAndBenchCommandsTest {
  @TempDir Path tmp;

  @Test
  void encodeWritesFeaturesAndLogitsMatchingTheReference() throws Exception {
    Path dir = fixture("rn-tiny");
    Path out = tmp.resolve("out.safetensors");
    int code = run("encode", "--checkpoint", dir.resolve("model.safetensors").toString(),
        "--tensors", dir.resolve("io.safetensors").toString(), "--out", out.toString(),
        "--threads", "1");
    assertThat(code).isZero();
    TensorFile ours = Safetensors.read(out);
    TensorFile ref = Safetensors.read(dir.resolve("io.safetensors"));
    for (String k : List.of("image_features", "text_features", "logits_per_image")) {
      assertThat(ours.get(k).shape()).containsExactly(ref.get(k).shape());
      assertThat(relativeError(ours.get(k).toFloats(), ref.get(k).toFloats())).as(k)
          .isLessThanOrEqualTo(1e-4);
    }
  }

  @Test
  void encodeRejectsInputsWithoutImageOrText() throws Exception {
    Path dir = fixture("vit-tiny");
    Path in = tmp.resolve("in.safetensors");
    Safetensors.write(in, List.of(TensorData.ofFloats("pixels", new long[] {1}, new float[1])),
        Map.of());
    int code = run("encode", "--checkpoint", dir.resolve("model.safetensors").toString(),
        "--tensors", in.toString(), "--out", tmp.resolve("o.safetensors").toString());
    assertThat(code).isEqualTo(2);
    assertThat(Files.exists(tmp.resolve("o.safetensors"))).isFalse();
  }

  @Test
  void benchListsItsRowsAndRejectsUnknownKeys() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = ClipCommand.commandLine().execute("bench", "--list");
    } finally {
      System.setOut(saved);
    }
    assertThat(code).isZero();
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("matmul_gflops",
        "vit_b32_images_per_s", "rn50_images_per_s", "text_full_per_s", "text_short_per_s");
    assertThat(run("bench", "--only", "no_such_row")).isEqualTo(2);
  }

  private static int run(String... args) {
    return ClipCommand.commandLine().execute(args);
  }

  private static Path fixture(String name) {
    Path p = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"), name);
    if (!Files.isRegularFile(p.resolve("model.safetensors"))) {
      if ("true".equals(System.getenv("CI"))) {
        fail("parity fixture missing: " + p.toAbsolutePath());
      }
      assumeTrue(false, "parity fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  private static double relativeError(float[] a, float[] b) {
    double diff = 0;
    double ref = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      ref = Math.max(ref, Math.abs(b[i]));
    }
    return diff / ref;
  }
}
