package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.data.image.BadImages;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or mistaken inputs to the commands end in one line on standard error and exit 2, within
 * seconds, never an empty result, a stack trace or an out-of-memory death.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputCommandsTest {
  @TempDir Path tmp;

  /** Asserts the one-line, exit-2 contract and returns the line. */
  private static String mistake(String... args) {
    CliOutput.Run r = CliOutput.run(args);
    assertThat(r.code()).as("exit code of clip %s; stderr: %s", String.join(" ", args), r.err())
        .isEqualTo(2);
    assertThat(r.err().strip()).as("stderr of clip %s", String.join(" ", args))
        .doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
    return r.err().strip();
  }

  @Test
  void sizesThatCannotFitMemoryAreRejectedAtOnce() throws IOException {
    assertThat(mistake("demo", "--steps", "99999999999", "--out", tmp.resolve("d").toString()))
        .contains("--steps must be 1..1000000000, got 99999999999");
    assertThat(Files.exists(tmp.resolve("d"))).isFalse();
    assertThat(mistake("tokenize", "--context", "2000000000"))
        .contains("--context must be 2..4096, got 2000000000");
    Path png = Files.write(tmp.resolve("a.png"), BadImages.png());
    assertThat(mistake("preprocess", png.toString(), "--size", "27000", "--out",
        tmp.resolve("p.safetensors").toString())).contains("--size must be at most 2048");
  }

  @Test
  void preprocessRejectsAJpegCutMidScan() throws IOException {
    Path cut = Files.write(tmp.resolve("cut.jpg"), BadImages.cutJpeg());
    Path out = tmp.resolve("p.safetensors");
    assertThat(mistake("preprocess", cut.toString(), "--size", "32", "--out", out.toString()))
        .contains("cut.jpg: image file is truncated");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void preprocessRejectsALosslessWebpWhoseDataEndsAtOnce() throws IOException {
    // 95 bytes declaring 24 x 10243 pixels: the WebP decoder used to take 31 s on it.
    Path webp = Files.write(tmp.resolve("cut.webp"), BadImages.cutLosslessWebp());
    assertThat(mistake("preprocess", webp.toString(), "--size", "32", "--out",
        tmp.resolve("w.safetensors").toString())).contains("cut.webp: image file is truncated");
  }

  @Test
  void aFullDiskIsSaidPlainlyNamingTheFile() throws IOException {
    Path full = Path.of("/dev/full"); // every write answers ENOSPC
    assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    Path png = Files.write(tmp.resolve("a.png"), BadImages.png());
    assertThat(mistake("preprocess", png.toString(), "--size", "32", "--out", full.toString()))
        .isEqualTo("clip preprocess: no space left on device writing /dev/full");
  }

  @Test
  void dataStatsCountsTruncatedAndCrcFailingImagesAsCorrupt() throws IOException {
    try (var writer = new dev.clipjvm.clip.data.source.ShardWriter(tmp.resolve("shards"), "s",
        10)) {
      writer.write("a", "jpg", BadImages.jpeg(), "whole jpeg", "");
      writer.write("b", "jpg", BadImages.cutJpeg(), "cut jpeg", "");
      writer.write("c", "png", BadImages.badCrcPng(), "bad crc", "");
      writer.write("d", "png", BadImages.png(), "whole png", "");
    }
    String json = CliOutput.stdout("data", "stats", tmp.resolve("shards/s-00000.tar").toString(),
        "--json");
    assertThat(json.strip()).contains("\"samples\":2").contains("\"corrupt_image\":2");
  }

  @Test
  void encodeRejectsTokenIdsOutsideTheVocabularyAndEmptyImageBatches() throws IOException {
    Path model = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"),
        "vit-tiny", "model.safetensors");
    assumeTrue(Files.isRegularFile(model), "fixture missing: " + model);
    Path text = tmp.resolve("text.safetensors");
    Safetensors.write(text, List.of(TensorData.ofLongs("text", new long[] {1, 3},
        new long[] {1, 1L << 40, 2})), Map.of());
    Path out = tmp.resolve("o.safetensors");
    assertThat(mistake("encode", "--checkpoint", model.toString(), "--tensors", text.toString(),
        "--out", out.toString())).contains("token id 1099511627776, outside the model's vocabulary");
    Path empty = tmp.resolve("empty.safetensors");
    Safetensors.write(empty, List.of(TensorData.ofFloats("image", new long[] {0, 3, 32, 32},
        new float[0])), Map.of());
    String line = mistake("encode", "--checkpoint", model.toString(), "--tensors",
        empty.toString(), "--out", out.toString());
    assertThat(line).containsAnyOf("holds 0 images", "expected F32");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void writeShardsStoresOnlyImagesAndCountsRefusalsByReason() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("in"));
    Files.write(folder.resolve("good.png"), BadImages.png());
    Files.writeString(folder.resolve("good.txt"), "a good image");
    Files.writeString(folder.resolve("passwd.png"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(folder.resolve("passwd.txt"), "not an image");
    Path fifo = folder.resolve("pipe.png");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Files.writeString(folder.resolve("pipe.txt"), "a FIFO");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.write(outside.resolve("secret.png"), BadImages.png());
    Files.createSymbolicLink(folder.resolve("link.png"), outside.resolve("secret.png"));
    Files.writeString(folder.resolve("link.txt"), "a link leaving the folder");
    Files.write(folder.resolve("cap.png"), BadImages.png());
    Files.write(folder.resolve("cap.txt"), new byte[] {'x', (byte) 0xFF});

    String json = CliOutput.stdout("data", "write-shards", "--folder", folder.toString(),
        "--out", tmp.resolve("shards").toString(), "--json");
    // unsafe_entry: the FIFO (refused unopened, counted, not skipped) and the escaping link.
    assertThat(json.strip()).contains("\"samples\":1").contains("\"corrupt_image\":1")
        .contains("\"unsafe_entry\":2").contains("\"invalid_caption\":1");
    String followed = CliOutput.stdout("data", "write-shards", "--folder", folder.toString(),
        "--out", tmp.resolve("shards2").toString(), "--follow-links", "--json");
    assertThat(followed.strip()).contains("\"samples\":2").contains("\"unsafe_entry\":1");
    Path csv = Files.writeString(tmp.resolve("rows.csv"), "filepath,title\n"
        + "in/pipe.png,a FIFO\n/dev/zero,endless zeros\n/etc/passwd,a text file\n"
        + "in/good.png,fine\n");
    String rows = CliOutput.stdout("data", "write-shards", "--csv", csv.toString(),
        "--out", tmp.resolve("shards3").toString(), "--json");
    assertThat(rows.strip()).contains("\"samples\":1").contains("\"unsafe_entry\":2")
        .contains("\"corrupt_image\":1");
  }
}
