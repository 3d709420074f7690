package dev.clipjvm.clip.examples.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner stops at the first failing snippet and names its line; JShell alone does not. */
class NotebookRunnerTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

  @Test
  void runsEverySnippetOfAGoodNotebook() throws IOException {
    NotebookRunner.Outcome o = run("""
        // a comment
        import dev.clipjvm.clip.api.model.ModelPresets;
        int twice(int x) {
          return 2 * x;
        }
        long params = dev.clipjvm.clip.api.cost.CostEstimate.of(ModelPresets.get("ViT-B/32"))
            .params();
        if (params != 151_277_313L) throw new AssertionError(params);
        twice(21)
        """);
    assertThat(o.failure()).isEmpty();
    assertThat(o.snippets()).isEqualTo(5);
  }

  @Test
  void stopsAtASnippetThatThrowsAndNamesItsLine() throws IOException {
    NotebookRunner.Outcome o = run("""
        int a = 1;

        // the failing one
        Object x = java.util.List.of().get(a);
        System.out.println("never");
        """);
    assertThat(o.failure()).hasValueSatisfying(f -> {
      assertThat(f.line()).isEqualTo(4);
      assertThat(f.message()).startsWith("threw java.lang.ArrayIndexOutOfBoundsException: Index 1");
    });
    assertThat(o.snippets()).isEqualTo(1);
    assertThat(diagnostics.toString(StandardCharsets.UTF_8)).contains("IndexOutOfBounds");
  }

  @Test
  void stopsAtASnippetThatDoesNotCompile() throws IOException {
    NotebookRunner.Outcome o = run("int a = 1;\nString s = a;\nint b = 2;\n");
    assertThat(o.failure()).hasValueSatisfying(f -> {
      assertThat(f.line()).isEqualTo(2);
      assertThat(f.message()).startsWith("does not compile: incompatible types");
    });
  }

  @Test
  void stopsAtAMethodThatRefersToSomethingUndefined() throws IOException {
    NotebookRunner.Outcome o = run("void f() { undefinedHelper(); }\nf();\n");
    assertThat(o.failure()).hasValueSatisfying(f ->
        assertThat(f.message()).isEqualTo("refers to something undefined: method undefinedHelper()"));
  }

  @Test
  void refusesJShellCommandsButExitEndsTheNotebook() throws IOException {
    assertThat(run("int a = 1;\n/vars\n").failure()).hasValueSatisfying(f ->
        assertThat(f.message()).contains("/vars cannot run in a notebook"));
    NotebookRunner.Outcome exit = run("int a = 1;\n/exit\nthrow new RuntimeException();\n");
    assertThat(exit.failure()).isEmpty();
    assertThat(exit.snippets()).isEqualTo(1);
  }

  @Test
  void reportsANotebookThatEndsInsideASnippet() throws IOException {
    assertThat(run("int a = 1;\nvoid f() {\n").failure()).hasValueSatisfying(f ->
        assertThat(f.message()).isEqualTo("the notebook ends inside an unfinished snippet"));
  }

  private NotebookRunner.Outcome run(String text) throws IOException {
    Path notebook = Files.writeString(dir.resolve("n.jsh"), text);
    return NotebookRunner.run(notebook, testClassPath(),
        new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
  }

  /** The class path of the tests (surefire sets java.class.path to it). */
  static List<Path> testClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isEmpty()).map(Path::of).toList();
  }
}
