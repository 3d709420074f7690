package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.data.idx.IdxFormatException;
import dev.clipjvm.clip.data.image.ImageDecodeException;
import dev.clipjvm.clip.data.pipeline.TooManyBadRecordsException;
import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.data.source.SourceFormatException;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.text.TextTooLongException;
import dev.clipjvm.clip.tf.device.DeviceUnavailableException;
import dev.clipjvm.clip.tf.distributed.WorkerLostException;
import dev.clipjvm.clip.tf.experiment.RunDirectoryException;
import dev.clipjvm.clip.tf.train.NonFiniteLossException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The command line's one error contract, for every command: a user mistake prints one line
 * {@code clip <command>: <what is wrong>} on standard error and exits {@value #USER_MISTAKE}; an
 * internal failure prints one line with a hint and exits {@value #INTERNAL}; a diverged training
 * run exits {@value #DIVERGED}. {@code --debug} adds the stack trace.
 *
 * <p>What counts as a user mistake is decided here by exception type alone: the library's
 * input errors (invalid configurations, malformed checkpoints, images, IDX files and data
 * sources, over-long texts, too many bad records, run directories that do not fit), failed
 * downloads of released weights (an unknown name, a hash mismatch, an unreachable server: exit 2
 * as {@code clip download} documents) and missing or unreadable files.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** Exit code of a user mistake. */
  static final int USER_MISTAKE = 2;
  /** Exit code of an internal failure. */
  static final int INTERNAL = 1;
  /** Exit code of a training run stopped by a non-finite loss. */
  static final int DIVERGED = 3;
  /** Exit code of a data-parallel worker stopped because another worker was lost. */
  static final int WORKER_LOST = 4;

  /** The exception types that are the user's input at fault, whatever their message. */
  private static final List<Class<? extends Throwable>> USER_INPUT = List.of(
      UsageException.class, InvalidConfigException.class, CheckpointFormatException.class,
      ImageDecodeException.class, IdxFormatException.class, TextTooLongException.class,
      TooManyBadRecordsException.class, SourceFormatException.class, RunDirectoryException.class,
      PretrainedException.class, FileSystemException.class, FileNotFoundException.class,
      DeviceUnavailableException.class);

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintStream err = System.err;
    String name = cmd.getCommandSpec().qualifiedName();
    int code;
    Optional<String> mistake = userMistake(ex);
    if (mistake.isPresent()) {
      err.println(name + ": " + oneLine(mistake.get()));
      code = USER_MISTAKE;
    } else if (ex instanceof NonFiniteLossException) {
      err.println(name + ": " + oneLine(ex.getMessage()));
      code = DIVERGED;
    } else if (ex instanceof WorkerLostException) {
      err.println(name + ": " + oneLine(ex.getMessage()));
      code = WORKER_LOST;
    } else {
      err.println(name + ": internal error: " + oneLine(String.valueOf(ex))
          + " (rerun with --debug for the stack trace)");
      code = INTERNAL;
    }
    if (debug(parsed)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintStream err = System.err;
    String hint = ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
        ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()) + hint
        + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
    if (Arrays.asList(args).contains("--debug")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return USER_MISTAKE;
  }

  /** The message to show when {@code t} is a user mistake, else empty. */
  static Optional<String> userMistake(Throwable t) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      // A wrapper adds context ("init.checkpoint: ..."); keep it, with the cause said plainly.
      return userMistake(u.getCause()).map(cause -> {
        String raw = u.getCause().toString();
        String m = String.valueOf(u.getMessage());
        return m.contains(raw) ? m.replace(raw, cause) : m;
      });
    }
    if (USER_INPUT.stream().noneMatch(c -> c.isInstance(t))) {
      return Optional.empty();
    }
    if (t instanceof NoSuchFileException f) {
      return Optional.of(f.getReason() != null ? f.getFile() + ": " + f.getReason()
          : "no such file " + f.getFile());
    }
    if (t instanceof AccessDeniedException f) {
      return Optional.of("permission denied: " + f.getFile());
    }
    if (t instanceof FileAlreadyExistsException f) {
      return Optional.of(f.getFile() + " already exists");
    }
    if (t instanceof NotDirectoryException f) {
      return Optional.of(f.getFile() + " is not a directory");
    }
    return Optional.of(String.valueOf(t.getMessage()));
  }

  /** Whether {@code --debug} was given to the command or any of its parents. */
  private static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /** Line breaks in a message would break the one-line contract: they become "; ". */
  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
