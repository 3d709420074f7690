package dev.clipjvm.clip.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code clip} command: lists and dispatches the sub-commands. */
@Command(
    name = "clip",
    mixinStandardHelpOptions = true,
    version = "clip 0.1.0",
    description = "CLIP for the JVM: train, import, encode, evaluate and inspect CLIP models.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:Success.",
        "1:Internal failure (rerun with --debug for the stack trace).",
        "2:A mistake in the input: an option, a file, a configuration key or value.",
        "3:Training stopped because the loss or gradient norm was not finite.",
        "4:A data-parallel worker stopped because another worker was lost."},
    subcommands = {
        CommandLine.HelpCommand.class,
        DescribeCommand.class,
        ScaleCommand.class,
        EncodeCommand.class,
        BenchCommand.class,
        TokenizeCommand.class,
        PreprocessCommand.class,
        DemoCommand.class,
        TrainCommand.class,
        DataCommand.class,
        DownloadCommand.class,
        FeaturesCommand.class,
        ClassifyCommand.class,
        EvalCommand.class,
        ExportCommand.class,
        IndexCommand.class,
        SearchCommand.class,
        JshellCommand.class,
    })
public final class ClipCommand implements Runnable {

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error after its one-line message.")
  boolean debug;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Show TensorFlow's native log lines (the ./clip launcher hides them "
          + "otherwise; it reads this flag before the JVM starts).")
  boolean verbose;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The command line with the error contract of {@link Failures} installed. */
  public static CommandLine commandLine() {
    Failures failures = new Failures();
    return new CommandLine(new ClipCommand()).setExecutionExceptionHandler(failures)
        .setParameterExceptionHandler(failures);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
