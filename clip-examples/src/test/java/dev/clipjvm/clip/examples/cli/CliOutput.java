package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code clip} command line in-process for tests, as {@code main} runs it. */
final class CliOutput {
  private CliOutput() {}

  /**
   * What one run of the command line did.
   *
   * @param code exit code
   * @param out standard output
   * @param err standard error
   */
  record Run(int code, String out, String err) {}

  /** Runs {@code clip args...} with empty standard input. */
  static Run run(String... args) {
    return runWithInput("", args);
  }

  /** Runs {@code clip args...} reading {@code stdin}. */
  static synchronized Run runWithInput(String stdin, String... args) {
    InputStream savedIn = System.in;
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(o);
      System.setErr(e);
      code = ClipCommand.commandLine().execute(args);
    } finally {
      System.setIn(savedIn);
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** What {@code clip args...} printed on standard output; fails the test on a non-zero exit. */
  static String stdout(String... args) {
    Run r = run(args);
    assertThat(r.code()).as("exit code of clip %s; stderr: %s", String.join(" ", args), r.err())
        .isZero();
    return r.out();
  }
}
