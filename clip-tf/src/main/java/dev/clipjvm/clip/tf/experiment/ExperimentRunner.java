package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.LoaderBatchSource;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.params.InitialValues;
import dev.clipjvm.clip.tf.params.RandomInit;
import dev.clipjvm.clip.tf.train.CheckpointState;
import dev.clipjvm.clip.tf.train.Checkpoints;
import dev.clipjvm.clip.tf.train.ClipTowers;
import dev.clipjvm.clip.tf.train.MetricsLog;
import dev.clipjvm.clip.tf.train.StepStrategy;
import dev.clipjvm.clip.tf.train.TrainGraph;
import dev.clipjvm.clip.tf.train.Trainer;
import dev.clipjvm.clip.tf.train.TrainingListener;
import dev.clipjvm.clip.tf.train.ZeroShot;
import java.io.IOException;
import java.io.UncheckedIOException;
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
   */
  public record Options(Path runDir, boolean resume, TrainingListener listener) {}

  /** Trains and evaluates {@code e}; returns the outcome. */
  public static RunResult run(Experiment e, Options o) {
    long t0 = System.nanoTime();
    Path dir = o.runDir();
    String json = ExperimentJson.write(e);
    TrainingConfig cfg = e.training();
    Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoints"), cfg.keepCheckpoints());
    try (RunDirectory runDir = RunDirectory.open(dir, o.resume(), e, checkpoints)) {
      return run(e, o, runDir, checkpoints, json, t0);
    }
  }

  private static RunResult run(Experiment e, Options o, RunDirectory runDir,
      Checkpoints checkpoints, String json, long t0) {
    Path dir = o.runDir();
    TrainingConfig cfg = e.training();
    Vocabularies.Resolved vocab = Vocabularies.resolve(e, dir);
    int context = e.model().text().contextLength();
    var tokenizer = vocab.tokenizer();
    try (LoaderBatchSource data = trainingData(e, tokenizer);
        Graph g = new Graph(); Session s = new Session(g)) {
      long total = cfg.totalSteps(examplesPerEpoch(cfg, data));
      if (o.resume()) {
        long at = Checkpoints.readState(checkpoints.latest().orElseThrow()).step();
        if (at >= total) {
          throw new RunDirectoryException("--resume: the run in " + dir + " already finished ("
              + "checkpoint at step " + at + " of " + total + "); nothing to do");
        }
      }
      ClipTowers[] towers = new ClipTowers[1];
      TrainGraph tg = TrainGraph.build(g, tf -> towers[0] = new ClipTowers(g, e.model(),
              cfg.precision(), cfg.recompute()), e.model().maxLogitScale(), cfg.optimizer(),
          cfg.gradClipNorm(), e.init().frozen(), StepStrategy.of(cfg));
      Optional<Resumed> resumed = initialize(e, o, s, towers[0], checkpoints);
      long done = resumed.map(r -> r.state().step()).orElse(0L);
      // Accepted and ready to train: only now does the run directory change.
      runDir.writeExperiment(json);
      if (resumed.isPresent()) {
        runDir.truncateLogs(done);
      }
      return train(e, o, new Ready(s, tg, towers[0], resumed, done, total, data), checkpoints,
          json, vocab, t0);
    }
  }

  /** A graph built and initialized for an accepted run, with its data. */
  private record Ready(Session s, TrainGraph tg, ClipTowers towers, Optional<Resumed> resumed,
      long done, long total, LoaderBatchSource data) {}

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
    try (MetricsLog log = new MetricsLog(dir)) {
      List<Task> tasks = new ArrayList<>();
      for (ZeroShotTask t : e.evaluation().tasks()) {
        tasks.add(new Task(t, EvalSets.images(e, t)));
      }
      Trainer.Options opts = new Trainer.Options(total, tokenizer.endId(), o.listener(),
          step -> new CheckpointState(step, json, vocab.merges().toString(),
              step * cfg.batchSize(), Map.of()),
          step -> evaluate(s, tg, tasks, e.evaluation().batchSize(),
              texts -> tokenizer.tokenize(texts, context,
                  dev.clipjvm.clip.data.text.Overflow.TRUNCATE)));
      resumed.ifPresent(r -> resumeStream(data, r, cfg.batchSize()));
      Trainer.Outcome out = new Trainer(tg, s, cfg, opts, checkpoints, log).run(data, done);
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

  private record Task(ZeroShotTask task, ZeroShot.Images images) {}

  /** The checkpoint a run resumed from and its state. */
  private record Resumed(Path checkpoint, CheckpointState state) {}

  /**
   * The experiment's training data through the clip-data pipeline, whatever its source: rank 0
   * of 1 (a data-parallel worker would open its own rank here and record its own stream
   * position in its checkpoints), read for {@code training.epochs} passes when the length is
   * given in epochs (so the data ends with the run) and without end otherwise.
   */
  static LoaderBatchSource trainingData(Experiment e, BpeTokenizer tokenizer) {
    TrainingConfig cfg = e.training();
    OptionalInt epochs = cfg.length() instanceof TrainingLength.Epochs ep
        ? OptionalInt.of(ep.count()) : OptionalInt.empty();
    return new LoaderBatchSource(e.data(), ClipCodecs.of(tokenizer),
        e.model().text().contextLength(), cfg.seed(), 0, 1, epochs);
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
   * Opens the source at the checkpoint's stored stream position, so the resume decodes no
   * earlier record; without one (a checkpoint written before positions were recorded) the
   * source replays its stream up to the checkpoint's pair count instead.
   */
  private static void resumeStream(LoaderBatchSource data, Resumed r, int batchSize) {
    Optional<DataPosition> at = r.state().streamPosition();
    if (at.isEmpty()) {
      return;
    }
    Path file = Checkpoints.stateFile(r.checkpoint());
    try {
      data.openAt(r.state().dataPosition(), batchSize, at.get());
    } catch (IllegalArgumentException ex) {
      throw new RunDirectoryException("--resume: the stream_position in " + file
          + " does not fit the data source: " + ex.getMessage(), ex);
    }
  }

  private static Map<String, Double> evaluate(Session s, TrainGraph tg, List<Task> tasks,
      int batch, java.util.function.Function<List<String>, int[][]> tokenize) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Task t : tasks) {
      float[][] classifier = ZeroShot.classifier(s, tg, t.task().classNames().size(),
          t.task()::prompts, tokenize);
      ZeroShot.Accuracy a = ZeroShot.accuracy(s, tg, classifier, t.images(), batch);
      out.put("zero_shot/" + t.task().name() + "/top1", a.top1());
      out.put("zero_shot/" + t.task().name() + "/top5", a.top5());
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
   * naming it reads) and checked against the model's manifest; failures name the key.
   */
  private static Checkpoint initCheckpoint(Path file, ClipConfig model) {
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
