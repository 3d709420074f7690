package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.LoaderBatchSource;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.device.Sessions;
import dev.clipjvm.clip.tf.distributed.Cluster;
import dev.clipjvm.clip.tf.distributed.Collectives;
import dev.clipjvm.clip.tf.distributed.DataParallel;
import dev.clipjvm.clip.tf.distributed.GlobalBatchStatistics;
import dev.clipjvm.clip.tf.distributed.Peers;
import dev.clipjvm.clip.tf.distributed.StreamPositionExchange;
import dev.clipjvm.clip.tf.distributed.Worker;
import dev.clipjvm.clip.tf.evaluation.EvaluationCommands;
import dev.clipjvm.clip.tf.model.BatchStatistics;
import dev.clipjvm.clip.tf.params.InitialValues;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.train.CheckpointState;
import dev.clipjvm.clip.tf.train.Checkpoints;
import dev.clipjvm.clip.tf.train.ClipTowers;
import dev.clipjvm.clip.tf.train.MetricsLog;
import dev.clipjvm.clip.tf.train.RankPositions;
import dev.clipjvm.clip.tf.train.Shard;
import dev.clipjvm.clip.tf.train.StepStrategy;
import dev.clipjvm.clip.tf.train.TrainGraph;
import dev.clipjvm.clip.tf.train.Trainer;
import dev.clipjvm.clip.tf.train.TrainingListener;
import dev.clipjvm.clip.tf.train.ZeroShot;
import dev.clipjvm.clip.tf.train.MixedPrecision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Op;

/**
 * Runs an experiment into a run directory: {@code experiment.json}, {@code vocab/merges.txt}
 * (learned vocabularies), {@code checkpoints/step-N/} (weights, optimizer moments, state), {@code
 * metrics.jsonl}, {@code tensorboard/}, {@code model.safetensors} (final weights for inference
 * and fine-tuning), {@code report.md} and the plots the options' {@link TrainingListener} draws
 * into {@code plots/}.
 */
public final class ExperimentRunner {
  /** The final weights in the run directory: safetensors, OpenAI names and layouts. */
  public static final String MODEL = "model.safetensors";

  private ExperimentRunner() {}

  /**
   * How to run.
   *
   * @param runDir the run directory
   * @param resume continue from the run directory's last checkpoint
   * @param listener hears the training loop and draws the plots ({@link TrainingListener#NONE}:
   *     silent, no plots)
   * @param cluster this process's place in a data-parallel run; empty: a single process. Every
   *     worker reads the run directory (a shared file system across machines); only task 0
   *     writes to it
   * @param peerTimeoutSeconds in a data-parallel run, how long a collective waits for its peers
   *     before this worker stops naming the lost task (positive)
   */
  public record Options(Path runDir, boolean resume, TrainingListener listener,
      Optional<Cluster> cluster, float peerTimeoutSeconds) {
    /** Checks the timeout. */
    public Options {
      if (!(peerTimeoutSeconds > 0)) {
        throw new IllegalArgumentException("peer timeout " + peerTimeoutSeconds
            + " s must be positive");
      }
    }

    /** A run of {@code cluster} (or a single process) with the default peer timeout. */
    public Options(Path runDir, boolean resume, TrainingListener listener,
        Optional<Cluster> cluster) {
      this(runDir, resume, listener, cluster, DataParallel.STEP_TIMEOUT_SECONDS);
    }

    /** A single-process run. */
    public Options(Path runDir, boolean resume, TrainingListener listener) {
      this(runDir, resume, listener, Optional.empty());
    }
  }

  /** Key of the worker count in a checkpoint's {@code extra} values. */
  static final String WORLD_SIZE = "world_size";

  /** Trains and evaluates {@code e}; returns the outcome. */
  public static RunResult run(Experiment e, Options o) {
    long t0 = System.nanoTime();
    Path dir = o.runDir();
    String json = ExperimentJson.write(e);
    TrainingConfig cfg = e.training();
    Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoints"), cfg.keepCheckpoints());
    Shard shard = o.cluster().map(c -> new Shard(c.task(), c.size())).orElse(Shard.SINGLE);
    // An unusable device (gpu:1 on a one-GPU machine) is refused before the run directory changes.
    Sessions.config(cfg.device(), 0);
    if (!shard.leads()) {
      // Workers other than task 0 read the run directory (a resume's checkpoint) but write
      // nothing into it and take no lock: task 0 accepts the run and owns its files.
      return run(e, o, Optional.empty(), shard, checkpoints, json, t0);
    }
    EvaluationCommands.checkInputs(e.evaluation().commands());
    try (RunDirectory runDir = RunDirectory.open(dir, o.resume(), e, checkpoints)) {
      RunResult r = run(e, o, Optional.of(runDir), shard, checkpoints, json, t0);
      // After the training graph is closed: the commands load the saved model as a user would.
      EvaluationCommands.afterTraining(e.evaluation().commands(), dir, e.name(),
          e.evaluation().batchSize());
      return r;
    }
  }

  private static RunResult run(Experiment e, Options o, Optional<RunDirectory> runDir,
      Shard shard, Checkpoints checkpoints, String json, long t0) {
    Path dir = o.runDir();
    TrainingConfig cfg = e.training();
    if (o.cluster().isPresent() && cfg.microBatched()) {
      throw InvalidConfigException.of("training.micro_batch_size",
          "the gradient cache is not combined with data-parallel training; leave it out");
    }
    // A learned vocabulary and the (empty) logs of other workers go to a scratch directory.
    Path own = shard.leads() ? dir : scratch();
    Vocabularies.Resolved vocab = Vocabularies.resolve(e, own);
    int context = e.model().text().contextLength();
    var tokenizer = vocab.tokenizer();
    Optional<Collectives> collectives = o.cluster()
        .map(c -> DataParallel.collectives(c, o.peerTimeoutSeconds()));
    try (LoaderBatchSource data = trainingData(e, tokenizer, shard);
        Graph g = new Graph(); Session s = o.cluster().map(c -> Worker.session(g, c))
            .orElseGet(() -> new Session(g, Sessions.config(cfg.device(), 0).toBuilder()
                .mergeFrom(MixedPrecision.sessionConfig(cfg.precision())).build()))) {
      long total = cfg.totalSteps(examplesPerEpoch(cfg, data));
      if (o.resume()) {
        // A finished run was refused by RunDirectory; one whose last checkpoint is its last
        // step but whose report is missing is finished below without training.
        Path last = checkpoints.latest().orElseThrow();
        requireSameWorkers(Checkpoints.readState(last), Checkpoints.stateFile(last), shard);
      }
      ClipTowers[] towers = new ClipTowers[1];
      // A data-parallel worker's BatchNorm records the global batch's statistics, so every
      // worker and the checkpoint hold the same running averages.
      BatchStatistics statistics = collectives.<BatchStatistics>map(GlobalBatchStatistics::new)
          .orElse(BatchStatistics.LOCAL);
      TrainGraph tg = TrainGraph.build(g, tf -> towers[0] = new ClipTowers(g, e.model(),
              cfg.precision(), cfg.recompute(), statistics), e.model().maxLogitScale(),
          cfg.optimizer(),
          cfg.gradClipNorm(), e.init().frozen(), collectives
              .<StepStrategy>map(StepStrategy.DataParallel::new)
              .orElseGet(() -> StepStrategy.of(cfg)));
      Optional<Op> broadcast = collectives.map(c -> DataParallel.broadcast(g, c));
      RankPositions positions = collectives.map(c -> new StreamPositionExchange(g, c).in(s))
          .orElse(RankPositions.NONE);
      Optional<Resumed> resumed = initialize(e, o, s, towers[0], checkpoints);
      broadcast.ifPresent(s::run);
      if (shard.leads() && o.cluster().isPresent()) {
        System.err.println(DataParallel.describe(o.cluster().get(), cfg.batchSize(),
            e.model().embedDim(), tg.trained().stream()
            .mapToLong(p -> p.variable().shape().size()).sum()));
      }
      long done = resumed.map(r -> r.state().step()).orElse(0L);
      // Accepted and ready to train: only now does the run directory change.
      runDir.ifPresent(d -> d.writeExperiment(json));
      // A fresh start drops the logs of a process killed before its first checkpoint.
      runDir.ifPresent(d -> d.truncateLogs(done));
      return train(e, o, new Ready(s, tg, towers[0], resumed, done, total, data, shard, own,
          positions), checkpoints, json, vocab, t0);
    }
  }

  /** A graph built and initialized for an accepted run, with its data. */
  private record Ready(Session s, TrainGraph tg, ClipTowers towers, Optional<Resumed> resumed,
      long done, long total, LoaderBatchSource data, Shard shard, Path own,
      RankPositions positions) {}

  private static RunResult train(Experiment e, Options o, Ready ready, Checkpoints checkpoints,
      String json, Vocabularies.Resolved vocab, long t0) {
    Path dir = o.runDir();
    TrainingConfig cfg = e.training();
    int context = e.model().text().contextLength();
    var tokenizer = vocab.tokenizer();
    Session s = ready.s();
    TrainGraph tg = ready.tg();
    LoaderBatchSource data = ready.data();
    long total = ready.total();
    long done = ready.done();
    Optional<Resumed> resumed = ready.resumed();
    Shard shard = ready.shard();
    try (MetricsLog log = new MetricsLog(ready.own())) {
      List<Task> tasks = new ArrayList<>();
      for (ZeroShotTask t : shard.leads() ? e.evaluation().tasks() : List.<ZeroShotTask>of()) {
        tasks.add(new Task(t, EvalSets.images(e, t)));
      }
      Trainer.Options opts = new Trainer.Options(total, tokenizer.endId(), o.listener(),
          step -> new CheckpointState(step, json, vocab.merges().toString(),
              step * cfg.batchSize(), Map.of(WORLD_SIZE, (double) shard.count())),
          step -> evaluate(s, tg, tasks, e.evaluation().batchSize(), cfg.batchSize(),
              texts -> tokenizer.tokenize(texts, context,
                  dev.clipjvm.clip.data.text.Overflow.TRUNCATE)));
      resumed.ifPresent(r -> resumeStream(data, r, cfg.batchSize(), shard));
      Trainer.Outcome out;
      try {
        out = done >= total && shard.leads() ? finishing(log, done)
            : new Trainer(tg, s, cfg, opts, checkpoints, log, shard, ready.positions())
                .run(data, done);
      } catch (TensorFlowException ex) {
        throw o.cluster().<RuntimeException>map(c -> Peers.lost(c, ex,
            checkpoints.latest().map(Path::toString).orElse("none"))).orElse(ex);
      }
      if (!shard.leads()) {
        return new RunResult(out.lastStep(), out.lastLoss(), Map.of(), Map.of(),
            out.pairsPerSecond(), out.seconds(), (System.nanoTime() - t0) / 1e9,
            checkpoints.dir(), dir, List.of());
      }
      // Counts restart at a resume point (the loader decodes nothing before it).
      System.err.println("data: records decoded" + (data.countsFrom() == 0 ? ""
          : " since pair " + data.countsFrom() + " (the resume point)") + ": "
          + data.badRecords() + " (skipped records by reason)");
      log.flush();
      ModelExport.write(s, ready.towers().variables(), dir.resolve(MODEL),
          Map.of("producer", "clip train", "experiment", e.name(),
              "steps", Long.toString(out.lastStep())));
      List<Path> plots = o.listener().plots(dir.resolve("plots"), log.steps(), log.evals());
      Map<String, Double> top1 = new LinkedHashMap<>();
      for (Task t : tasks) {
        top1.put(t.task().name(), out.lastEval().get("zero_shot/" + t.task().name() + "/top1"));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      RunResult r = new RunResult(out.lastStep(), out.lastLoss(), top1, out.lastEval(),
          out.pairsPerSecond(), out.seconds(), seconds, checkpoints.latest().orElseThrow(), dir,
          plots);
      Report.write(e, r);
      return r;
    }
  }

  /**
   * The outcome of a run whose last checkpoint was written but whose end (model, plots, report)
   * was not, read from its logs: the trainer evaluates before it checkpoints, so they hold the
   * last step and its evaluation. Nothing is trained again.
   */
  private static Trainer.Outcome finishing(MetricsLog log, long done) {
    List<dev.clipjvm.clip.tf.train.StepMetrics> steps = log.steps();
    double loss = steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).loss();
    Map<String, Double> eval = new LinkedHashMap<>();
    log.evals().forEach((k, points) -> points.stream().filter(p -> p[0] == done)
        .forEach(p -> eval.put(k, p[1])));
    return new Trainer.Outcome(done, loss, 0, 0, eval);
  }

  private static Path scratch() {
    try {
      Path p = Files.createTempDirectory("clip-worker-");
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot create a scratch directory: " + ex, ex);
    }
  }

  private record Task(ZeroShotTask task, ZeroShot.Images images) {}

  /** The checkpoint a run resumed from and its state. */
  private record Resumed(Path checkpoint, CheckpointState state) {}

  /**
   * The experiment's training data through the clip-data pipeline, whatever its source, for a
   * single process, read for {@code training.epochs} passes when the length is given in epochs
   * (so the data ends with the run) and without end otherwise.
   */
  static LoaderBatchSource trainingData(Experiment e, BpeTokenizer tokenizer) {
    return trainingData(e, tokenizer, Shard.SINGLE);
  }

  /** {@link #trainingData(Experiment, BpeTokenizer)}: {@code shard}'s share of every batch. */
  static LoaderBatchSource trainingData(Experiment e, BpeTokenizer tokenizer, Shard shard) {
    TrainingConfig cfg = e.training();
    OptionalInt epochs = cfg.length() instanceof TrainingLength.Epochs ep
        ? OptionalInt.of(ep.count()) : OptionalInt.empty();
    return new LoaderBatchSource(e.data(), ClipCodecs.of(tokenizer),
        e.model().text().contextLength(), cfg.seed(), shard.rank(), shard.count(), epochs);
  }

  /**
   * Pairs per epoch for a length in epochs, counted by the source (synthetic sample count, IDX
   * images, CSV rows, folder files, tar samples from their headers); a length in steps needs
   * no count, so no source is scanned for it.
   */
  private static long examplesPerEpoch(TrainingConfig cfg, LoaderBatchSource data) {
    if (!(cfg.length() instanceof TrainingLength.Epochs)) {
      return 1;
    }
    return data.epochSize().orElseThrow(() -> new IllegalArgumentException("training.epochs: "
        + "a mixed data source has no epoch; give training.steps"));
  }

  /**
   * Refuses to resume a checkpoint written by another number of workers: each rank's share of
   * the stream, and with a shuffle buffer the order within it, depends on the number of
   * workers, so other shares would not continue the stored positions (nor, with a shuffle
   * buffer, the same batches).
   */
  private static void requireSameWorkers(CheckpointState state, Path file, Shard shard) {
    long written = state.rankPositions().isEmpty()
        ? Math.round(state.extra().getOrDefault(WORLD_SIZE, 1.0))
        : state.rankPositions().size();
    if (written != shard.count()) {
      throw new RunDirectoryException("--resume: " + file + " was written by " + workers(written)
          + " and this run has " + workers(shard.count()) + "; resume with " + (written == 1
          ? "a single process (no --workers or --cluster)" : "--workers " + written + " (or a "
          + written + "-task --cluster)") + ": every rank's place in its share of the data "
          + "stream is stored for that number of workers");
    }
  }

  private static String workers(long n) {
    return n == 1 ? "a single process" : n + " workers";
  }

  /**
   * Opens the source at the checkpoint's stored stream position, so the resume decodes no
   * earlier record: in a data-parallel run each rank at its own position when the checkpoint
   * holds every rank's ({@link #requireSameWorkers}: written by as many workers). A checkpoint
   * written before positions were recorded, and the ranks other than 0 of one written before
   * per-rank positions were, replay their stream up to the checkpoint's pair count instead
   * (exact, only slower).
   */
  private static void resumeStream(LoaderBatchSource data, Resumed r, int batchSize,
      Shard shard) {
    CheckpointState state = r.state();
    List<DataPosition> ranks = state.rankPositions();
    Optional<DataPosition> at = ranks.isEmpty()
        ? state.streamPosition().filter(p -> shard.leads())
        : Optional.of(ranks.get(shard.rank()));
    if (at.isEmpty()) {
      return;
    }
    Path file = Checkpoints.stateFile(r.checkpoint());
    try {
      data.openAt(state.dataPosition(), batchSize, at.get());
    } catch (IllegalArgumentException ex) {
      throw new RunDirectoryException("--resume: the " + (ranks.isEmpty() ? "stream_position"
          : "rank_stream_positions[" + shard.rank() + "]") + " in " + file
          + " does not fit the data source: " + ex.getMessage(), ex);
    }
    if (shard.count() > 1) {
      System.err.println("task " + shard.rank() + ": data stream opened at its stored position "
          + "after pair " + state.dataPosition() + " (no replay)");
    }
  }

  private static Map<String, Double> evaluate(Session s, TrainGraph tg, List<Task> tasks,
      int batch, int trainBatch, java.util.function.Function<List<String>, int[][]> tokenize) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Task t : tasks) {
      float[][] classifier = ZeroShot.classifier(s, tg, t.task().classNames().size(),
          t.task()::prompts, tokenize);
      ZeroShot.Accuracy a = ZeroShot.accuracy(s, tg, classifier, t.images(), batch);
      out.put("zero_shot/" + t.task().name() + "/top1", a.top1());
      out.put("zero_shot/" + t.task().name() + "/top5", a.top5());
      out.putAll(Validation.evaluate(s, tg, t.task(), t.images(), trainBatch, batch, tokenize));
    }
    return out;
  }

  /** Restores, imports or draws the starting weights; returns the checkpoint resumed from. */
  private static Optional<Resumed> initialize(Experiment e, Options o, Session s,
      ClipTowers towers, Checkpoints checkpoints) {
    if (o.resume()) {
      Path last = checkpoints.latest().orElseThrow();
      return Optional.of(new Resumed(last, Checkpoints.restore(s, last)));
    }
    s.initialize();
    InitialValues values = e.init().checkpoint()
        .<InitialValues>map(file -> initCheckpoint(file, e.model()).values())
        .orElseGet(() -> new RandomInit(e.training().seed()));
    towers.variables().initialize(s, values);
    return Optional.empty();
  }

  /**
   * The fine-tuning checkpoint, read through the entry point inference uses (every format and
   * naming it reads) and checked against the model's manifest; failures name the key. A run
   * directory of {@code clip train} stands for its final weights, {@value #MODEL}.
   */
  private static Checkpoint initCheckpoint(Path given, ClipConfig model) {
    Path file = given;
    if (Files.isDirectory(given)) {
      file = given.resolve(MODEL);
      if (!Files.isRegularFile(file)) {
        throw new UncheckedIOException("init.checkpoint: " + given + " is a directory without "
            + MODEL + " (a run directory holds it once its run has finished)",
            new NoSuchFileException(file.toString()));
      }
    }
    try {
      return Checkpoint.read(file, model);
    } catch (NoSuchFileException ex) {
      throw new UncheckedIOException("init.checkpoint: " + (ex.getReason() == null
          ? "no such file " + file : file + ": " + ex.getReason()), ex);
    } catch (IOException ex) {
      throw new UncheckedIOException("init.checkpoint: cannot read " + file + ": " + ex, ex);
    } catch (CheckpointFormatException ex) {
      throw new CheckpointFormatException("init.checkpoint " + ex.source(), ex.problems());
    }
  }
}
