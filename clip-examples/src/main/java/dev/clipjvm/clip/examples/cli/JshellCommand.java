package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.examples.notebook.NotebookRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code clip jshell}: JShell with the library on the class path, or a notebook run to the end. */
@Command(
    name = "jshell",
    mixinStandardHelpOptions = true,
    description = {
        "Without an argument, open JShell with the library's class path (every class of "
            + "clip-api, clip-data, clip-tf and clip-examples and their dependencies), "
            + "interactively; /open clip-examples/notebooks/zero-shot.jsh loads a notebook.",
        "With a notebook (a .jsh file of Java snippets, see clip-examples/notebooks), run it "
            + "snippet by snippet in this JVM and exit: 0 when every snippet ran, 2 at the first "
            + "snippet that does not compile, refers to something undefined or throws (its "
            + "compiler messages or stack trace first, then one line naming the notebook's line)."})
public final class JshellCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "NOTEBOOK",
      description = "A notebook to run non-interactively (.jsh).")
  Path notebook;

  @Override
  public Integer call() throws IOException {
    List<Path> classPath = classPath();
    if (notebook == null) {
      return interactive(classPath);
    }
    if (!Files.isRegularFile(notebook)) {
      throw new UsageException("no such notebook: " + notebook);
    }
    NotebookRunner.Outcome outcome = NotebookRunner.run(notebook, classPath, System.err);
    if (outcome.failure().isPresent()) {
      NotebookRunner.Failure f = outcome.failure().get();
      throw new UsageException(notebook + ":" + f.line() + ": the snippet " + f.message()
          + " (" + outcome.snippets() + " snippets ran before it)");
    }
    System.err.println(notebook + ": " + outcome.snippets() + " snippets ran");
    return 0;
  }

  /** The JShell tool; its snippets run in a JVM it starts with the same class path. */
  private static int interactive(List<Path> classPath) {
    String cp = String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList());
    try {
      return JavaShellToolBuilder.builder().start("--class-path", cp,
          "-R--add-modules=jdk.incubator.vector", "-R-Xmx4g");
    } catch (Exception e) {
      throw new IllegalStateException("JShell did not start: " + e, e);
    }
  }

  /** This JVM's class path (the launcher's jar and every jar it depends on). */
  static List<Path> classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isEmpty()).map(Path::of).toList();
  }
}
