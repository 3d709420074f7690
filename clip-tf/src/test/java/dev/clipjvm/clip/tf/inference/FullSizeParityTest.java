package dev.clipjvm.clip.tf.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Parity of full-size models (ViT-B/32, RN50, ...) generated with
 * {@code docs/bench/reference_fixture.py}: set {@code clip.fullsize.dirs} (system property) or
 * {@code CLIP_FULLSIZE_DIRS} (environment) to a comma-separated list of output directories
 * (each with {@code model.safetensors} and {@code io.safetensors}). Skipped when unset.
 */
@Tag("slow")
class FullSizeParityTest {

  @Test
  void fullSizeModelsMatchTheReference() throws Exception {
    String dirs = System.getProperty("clip.fullsize.dirs", System.getenv("CLIP_FULLSIZE_DIRS"));
    assumeTrue(dirs != null && !dirs.isBlank(), "clip.fullsize.dirs / CLIP_FULLSIZE_DIRS unset");
    List<Path> paths = Arrays.stream(dirs.split(",")).map(String::trim).map(Path::of).toList();
    for (Path dir : paths) {
      assumeTrue(Files.isRegularFile(dir.resolve("model.safetensors")), dir + " has no model");
      try (ClipEncoder enc = ClipEncoder.load(Checkpoint.read(dir.resolve("model.safetensors")),
          0)) {
        var errors = ClipEncoderParityTest.parityErrors(enc,
            Safetensors.read(dir.resolve("io.safetensors")));
        // Printed: docs/models.md quotes these (max|ours - ref| / max|ref|).
        System.out.printf("%s: %s%n", dir, errors);
        errors.forEach((what, error) -> assertThat(error).as(dir + " " + what)
            .isLessThanOrEqualTo(1e-4));
      }
    }
  }
}
