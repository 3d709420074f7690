package dev.clipjvm.clip.examples.notebook;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Runs a JShell notebook ({@code .jsh}: Java snippets, as {@code /open} reads them) snippet by
 * snippet in this JVM and stops at the first failure: a snippet that does not compile, one that
 * refers to something undefined, or one that throws. {@code jshell FILE} reports such a snippet
 * and carries on, exiting 0, so it cannot tell a test that a notebook broke.
 *
 * <p>The snippets run in this JVM (JShell's {@code local} execution engine), against the class
 * path given, so TensorFlow's native library loads once per process. Their standard output and
 * error are this process's. The only JShell command a notebook may hold is {@code /exit}, which
 * ends it; any other command is refused, because a notebook is Java that also pastes into
 * {@code clip jshell}.
 */
public final class NotebookRunner {
  private NotebookRunner() {}

  /**
   * Why a notebook stopped.
   *
   * @param line the line of the notebook where the failing snippet starts (1-based)
   * @param message what went wrong, one line
   */
  public record Failure(int line, String message) {}

  /**
   * What a run did.
   *
   * @param snippets the snippets that ran successfully
   * @param failure the failure that stopped the notebook; empty when every snippet ran
   */
  public record Outcome(int snippets, Optional<Failure> failure) {
    /** Whether every snippet ran. */
    public boolean succeeded() {
      return failure.isEmpty();
    }
  }

  /**
   * Runs {@code notebook} against {@code classPath}; compiler messages and the stack trace of a
   * failing snippet go to {@code diagnostics}.
   */
  public static Outcome run(Path notebook, List<Path> classPath, PrintStream diagnostics)
      throws IOException {
    String text = Files.readString(notebook);
    try (JShell shell = JShell.builder().executionEngine("local")
        .out(System.out).err(System.err).build()) {
      shell.addToClasspath(classPath.stream().map(Path::toString)
          .collect(Collectors.joining(File.pathSeparator)));
      SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
      String rest = text;
      int ran = 0;
      while (true) {
        int line = lineOf(text, text.length() - rest.length() + leadingBlank(rest));
        String trimmed = rest.stripLeading();
        if (isCommand(trimmed)) {
          String command = trimmed.lines().findFirst().orElse("").strip();
          if (command.equals("/exit")) {
            return new Outcome(ran, Optional.empty());
          }
          return new Outcome(ran, Optional.of(new Failure(line, "the JShell command " + command
              + " cannot run in a notebook (only /exit can); write it as Java")));
        }
        CompletionInfo info = analysis.analyzeCompletion(rest);
        switch (info.completeness()) {
          case EMPTY:
            return new Outcome(ran, Optional.empty());
          case DEFINITELY_INCOMPLETE:
          case CONSIDERED_INCOMPLETE:
            return new Outcome(ran, Optional.of(new Failure(line,
                "the notebook ends inside an unfinished snippet")));
          default:
            break;
        }
        Optional<String> problem = evaluate(shell, info.source(), diagnostics);
        if (problem.isPresent()) {
          // The snippet's own first line, past any comment in front of it.
          String first = info.source().lines().map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("//")).findFirst().orElse("");
          int at = first.isEmpty() ? -1 : rest.indexOf(first);
          int start = text.length() - rest.length() + (at >= 0 ? at : leadingBlank(rest));
          return new Outcome(ran, Optional.of(new Failure(lineOf(text, start), problem.get())));
        }
        ran++;
        rest = info.remaining();
      }
    }
  }

  /** Evaluates one snippet; what went wrong, if anything. */
  private static Optional<String> evaluate(JShell shell, String source, PrintStream diagnostics) {
    for (SnippetEvent event : shell.eval(source)) {
      if (event.causeSnippet() != null) {
        continue; // an earlier snippet updated by this one, not this snippet's own outcome
      }
      Snippet snippet = event.snippet();
      JShellException thrown = event.exception();
      if (thrown != null) {
        String type = thrown instanceof EvalException e ? e.getExceptionClassName()
            : thrown.getClass().getName();
        // JShell wraps the snippet's exception; print it under its own class name.
        diagnostics.println(type + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()));
        for (StackTraceElement frame : thrown.getStackTrace()) {
          diagnostics.println("\tat " + frame);
        }
        return Optional.of("threw " + type
            + (thrown.getMessage() == null ? "" : ": " + oneLine(thrown.getMessage())));
      }
      switch (event.status()) {
        case REJECTED: {
          List<String> messages = shell.diagnostics(snippet)
              .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
          messages.forEach(diagnostics::println);
          return Optional.of("does not compile: " + (messages.isEmpty() ? source.strip()
              : oneLine(messages.get(0))));
        }
        case RECOVERABLE_DEFINED:
        case RECOVERABLE_NOT_DEFINED: {
          String missing = snippet instanceof DeclarationSnippet d
              ? shell.unresolvedDependencies(d).collect(Collectors.joining(", ")) : "";
          return Optional.of("refers to something undefined" + (missing.isEmpty() ? ""
              : ": " + missing));
        }
        default:
          break;
      }
    }
    return Optional.empty();
  }

  /** A JShell command ({@code /exit}), not a comment. */
  private static boolean isCommand(String s) {
    return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/*");
  }

  private static int leadingBlank(String s) {
    return s.length() - s.stripLeading().length();
  }

  /** The 1-based line of {@code offset} in {@code text}. */
  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
