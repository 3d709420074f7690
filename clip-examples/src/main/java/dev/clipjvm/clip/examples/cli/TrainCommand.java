package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.json.Overrides;
import dev.clipjvm.clip.tf.distributed.Cluster;
import dev.clipjvm.clip.tf.distributed.DataParallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip train}: runs an experiment file, from scratch or resuming its run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
        "Train from an experiment file, from scratch or resuming a run directory.",
        "The experiment file has model, data, tokenizer, training, init and evaluation sections "
            + "(examples in clip-examples/configs). With --resume the run continues from the "
            + "last checkpoint in --out exactly as if it had not stopped. Ctrl-C stops after the "
            + "current step with a checkpoint and prints the command that resumes.",
        "Relative paths in the file start at the file's folder; --set edits keys before the "
            + "file is read (docs/configuration.md lists every key).",
        "After training, the commands of evaluation.commands (zeroshot, linear_probe, "
            + "retrieval, robustness; see docs/evaluation.md) run on the trained model and write "
            + "evaluation/NAME.json and a section of report.md."})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The experiment JSON file.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a key of the "
      + "experiment before it is read, checked like the file (repeatable): "
      + "--set training.steps=200 --set data.source.seed=3. VALUE is JSON when it parses as "
      + "JSON, else a string; a relative path in it starts at the working directory.")
  List<String> sets = new ArrayList<>();

  @Mixin RunOptions run;

  @Option(names = "--workers", paramLabel = "N", description = "Train data-parallel with N "
      + "worker processes on this machine (loopback); the results equal one process's.")
  Integer workers;

  @Option(names = "--cluster", paramLabel = "FILE", description = "Run one worker of a "
      + "data-parallel cluster: FILE lists every worker's host:port, one a line, in task order "
      + "(see docs/distributed.md). Needs --task and --out.")
  Path cluster;

  @Option(names = "--task", paramLabel = "I", description = "This worker's index in --cluster "
      + "(0 writes checkpoints, metrics and reports).")
  Integer task;

  @Option(names = "--peer-timeout", paramLabel = "SECONDS", description = "Data-parallel: a "
      + "worker stops, naming the lost task, when a peer does not join a step's collective "
      + "within SECONDS (default 45). Task 0's checkpoint writing and evaluation between steps "
      + "must take less.")
  Double peerTimeout;

  @Override
  public Integer call() {
    if (workers != null && cluster != null) {
      throw new UsageException("--workers starts its own local cluster; give it or --cluster");
    }
    if ((cluster == null) != (task == null)) {
      throw new UsageException("--cluster and --task go together");
    }
    if (workers != null && (workers < 1 || workers > 64)) {
      throw new UsageException("--workers " + workers + " is not in 1..64");
    }
    if (peerTimeout != null && !(peerTimeout > 0 && peerTimeout <= 86_400)) {
      throw new UsageException("--peer-timeout " + peerTimeout + " is not in (0, 86400] seconds");
    }
    if (peerTimeout != null && workers == null && cluster == null) {
      throw new UsageException("--peer-timeout applies to data-parallel runs: give --workers "
          + "or --cluster");
    }
    float timeout = peerTimeout == null ? DataParallel.STEP_TIMEOUT_SECONDS
        : peerTimeout.floatValue();
    Experiment e = experiment();
    if (workers != null && workers > 1) {
      List<String> shared = new ArrayList<>(List.of("--config", config.toString(), "--out",
          run.runDir(e.name()).toString()));
      sets.forEach(s -> shared.addAll(List.of("--set", s)));
      if (run.resume) {
        shared.add("--resume");
      }
      if (run.json) {
        shared.add("--json");
      }
      if (run.quiet) {
        shared.add("--quiet");
      }
      if (run.device.device != null) {
        shared.addAll(List.of("--device", run.device.device));
      }
      if (peerTimeout != null) {
        shared.addAll(List.of("--peer-timeout", peerTimeout.toString()));
      }
      return LocalWorkers.run(workers, shared, timeout);
    }
    if (cluster == null) {
      return RunPrinter.run(e, run, command());
    }
    if (run.out == null) {
      throw new UsageException("--cluster needs --out: every worker names the same run "
          + "directory");
    }
    try {
      return RunPrinter.run(e, run, Optional.of(Cluster.read(cluster, task)), command(),
          timeout);
    } catch (IllegalArgumentException ex) {
      throw new UsageException(ex.getMessage());
    }
  }

  /** The experiment file with the --set edits applied. */
  private Experiment experiment() {
    return ExperimentJson.read(config, Overrides.read(sets));
  }

  /** This command line without --out and --resume, as a resume repeats it. */
  private List<String> command() {
    List<String> words = new ArrayList<>(List.of("./clip", "train", "--config",
        config.toString()));
    sets.forEach(s -> words.addAll(List.of("--set", s)));
    return words;
  }
}
