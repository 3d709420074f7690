package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clip train --resume} of a finished run says so in one line and exits 0, changing no
 * byte and no modification time in the run directory, so a script may resume until done.
 */
class FinishedRunCommandTest {
  @TempDir Path dir;

  @Test
  void resumingAFinishedRunSaysSoExitsZeroAndChangesNothing() throws IOException {
    Path config = dir.resolve("tiny.json");
    try (InputStream in = getClass().getResourceAsStream("/distributed/tiny.json")) {
      Files.write(config, in.readAllBytes());
    }
    Path run = dir.resolve("run");
    CliOutput.stdout("train", "--config", config.toString(), "--out", run.toString(), "--quiet");
    Map<String, String> before = snapshot(run);

    CliOutput.Run again = CliOutput.run("train", "--config", config.toString(), "--out",
        run.toString(), "--resume", "--json");

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err().strip()).endsWith("already finished at step 6; nothing to do")
        .doesNotContain("\n");
    assertThat(again.out().strip()).doesNotContain("\n")
        .contains("\"steps\":6,\"already_finished\":true");
    assertThat(snapshot(run)).isEqualTo(before);
  }

  /** Every entry's modification time and, for files, content. */
  private static Map<String, String> snapshot(Path run) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (Stream<Path> s = Files.walk(run)) {
      for (Path p : s.toList()) {
        out.put(run.relativize(p).toString(), Files.getLastModifiedTime(p) + " "
            + (Files.isRegularFile(p)
                ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).hashCode()
                : "dir"));
      }
    }
    return out;
  }
}
