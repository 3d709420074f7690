package dev.clipjvm.clip.examples.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook under {@code notebooks/} runs to the end without a failing snippet, as
 * {@code clip jshell NOTEBOOK} runs it. Each notebook checks its own results (a loss below
 * chance, an accuracy above it, equal features) and throws when they are wrong.
 */
class NotebooksTest {
  /** Where the notebooks write their run directories and files (they read clip.notebook.dir). */
  @TempDir static Path scratch;

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsWithoutAnError() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
      notebooks = files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
    }
    assertThat(notebooks).extracting(p -> p.getFileName().toString()).contains(
        "zero-shot.jsh", "train-and-plot.jsh", "scaling-and-costs.jsh",
        "hugging-face-checkpoint.jsh");
    System.setProperty("clip.notebook.dir", scratch.toString());
    return notebooks.stream().map(n -> DynamicTest.dynamicTest(n.getFileName().toString(), () -> {
      long t0 = System.nanoTime();
      NotebookRunner.Outcome o = NotebookRunner.run(n, NotebookRunnerTest.testClassPath(),
          System.err);
      assertThat(o.failure()).as(n + " at %s", o.failure()).isEmpty();
      assertThat(o.snippets()).isPositive();
      System.err.println(n + ": " + o.snippets() + " snippets in "
          + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }));
  }
}
