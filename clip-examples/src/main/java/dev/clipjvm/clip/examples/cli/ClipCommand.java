package dev.clipjvm.clip.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clip} command: lists and dispatches the sub-commands. */
@Command(
    name = "clip",
    mixinStandardHelpOptions = true,
    version = "clip 0.1.0",
    description = "CLIP for the JVM: train, import, encode, evaluate and inspect CLIP models.",
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
        ExportCommand.class,
        IndexCommand.class,
        SearchCommand.class,
    })
public final class ClipCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ClipCommand()).execute(args));
  }
}
