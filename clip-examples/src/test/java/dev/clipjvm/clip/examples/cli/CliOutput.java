package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code clip} command line in-process for tests. */
final class CliOutput {
  private CliOutput() {}

  /** What {@code clip args...} printed on standard output; fails the test on a non-zero exit. */
  static String stdout(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      int code = new CommandLine(new ClipCommand()).execute(args);
      assertThat(code).as("exit code of clip %s", String.join(" ", args)).isZero();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
