package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.data.pipeline.BatchSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.tensorflow.Session;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The training loop over a compiled {@link TrainGraph}: step {@code s} (1-based) trains on the
 * batch at data position {@code (s - 1) * batchSize} with the schedule's learning rate for
 * {@code s - 1}; metrics go to the {@link MetricsLog}; checkpoints are written every {@code
 * checkpointInterval} steps and at the end, each after its step's evaluation, recording the
 * data source's stream position after the step's pairs when it has one ({@link
 * BatchSource#streamPosition}) and, in a data-parallel run, every rank's ({@link
 * RankPositions}); evaluation runs every {@code evalInterval} steps and at the end. A
 * non-finite loss or gradient norm stops the run with {@link NonFiniteLossException}; the last
 * checkpoint written stays the last good one. When the listener {@link
 * TrainingListener#stopRequested asks to stop}, the loop checkpoints the step just finished and
 * throws {@link TrainingStoppedException}.
 */
public final class Trainer {

  /**
   * Settings of a loop beyond the training configuration.
   *
   * @param totalSteps steps of the whole run (the schedule's length)
   * @param endId end-of-text token id (batches are cut after the last one)
   * @param listener hears the start, every step and the end of the loop
   * @param state the checkpoint state to record after a step, given the step; the trainer adds
   *     the data source's {@link BatchSource#streamPosition stream position} after that step
   * @param evaluate evaluation at a step: metric name to value (may be empty)
   */
  public record Options(long totalSteps, int endId, TrainingListener listener,
      LongFunction<CheckpointState> state, LongFunction<Map<String, Double>> evaluate) {}

  /**
   * What a run achieved.
   *
   * @param lastStep the last completed step
   * @param lastLoss its loss
   * @param seconds wall time of the loop
   * @param pairsPerSecond pairs trained per second of wall time
   * @param lastEval the last evaluation's results
   */
  public record Outcome(long lastStep, double lastLoss, double seconds, double pairsPerSecond,
      Map<String, Double> lastEval) {}

  private final TrainGraph graph;
  private final Session session;
  private final TrainingConfig config;
  private final Options options;
  private final Checkpoints checkpoints;
  private final MetricsLog metrics;
  private final Shard shard;
  private final RankPositions positions;

  /** A loop over {@code graph} run in {@code session}. */
  public Trainer(TrainGraph graph, Session session, TrainingConfig config, Options options,
      Checkpoints checkpoints, MetricsLog metrics) {
    this(graph, session, config, options, checkpoints, metrics, Shard.SINGLE);
  }

  /**
   * A loop of one worker of a data-parallel run ({@code graph} built for it, the data source
   * sharded for it); only the leading worker records metrics, hears the listener, writes
   * checkpoints and evaluates.
   */
  public Trainer(TrainGraph graph, Session session, TrainingConfig config, Options options,
      Checkpoints checkpoints, MetricsLog metrics, Shard shard) {
    this(graph, session, config, options, checkpoints, metrics, shard, RankPositions.NONE);
  }

  /**
   * A loop of one worker of a data-parallel run whose checkpoints record every rank's stream
   * position, collected by {@code positions} (every rank takes part at each checkpoint step).
   */
  public Trainer(TrainGraph graph, Session session, TrainingConfig config, Options options,
      Checkpoints checkpoints, MetricsLog metrics, Shard shard, RankPositions positions) {
    this.shard = shard;
    this.positions = positions;
    this.graph = graph;
    this.session = session;
    this.config = config;
    this.options = options;
    this.checkpoints = checkpoints;
    this.metrics = metrics;
  }

  /**
   * Runs steps {@code completed + 1 ..} {@code totalSteps} drawing batches from {@code data};
   * if the data ends first (a finite number of epochs that yielded fewer pairs than counted,
   * because records were skipped), the run ends after the last full batch, checkpointed and
   * evaluated like a last step.
   */
  public Outcome run(BatchSource data, long completed) {
    int b = config.batchSize();
    long total = options.totalSteps();
    Map<String, Double> lastEval = new HashMap<>();
    double lastLoss = Double.NaN;
    long start = System.nanoTime();
    long pairs = 0;
    long done = completed;
    boolean saved = false;
    boolean evaluated = false;
    TrainingListener listener = shard.leads() ? options.listener() : TrainingListener.NONE;
    try (Prefetcher prefetch = new Prefetcher(data, b, completed * b, 3)) {
      listener.started(completed, total);
      if (listener.stopRequested()) {
        throw new TrainingStoppedException(completed, checkpoints.latest());
      }
      for (long s = completed + 1; s <= total; s++) {
        long t0 = System.nanoTime();
        Optional<Batch> batch = prefetch.next();
        if (batch.isEmpty()) {
          listener.dataEnded(s, total);
          break;
        }
        double wait = (System.nanoTime() - t0) / 1e9;
        double lr = config.learningRate(s - 1, total);
        StepMetrics m = step(s, batch.get(), lr, wait, t0);
        pairs += b;
        done = s;
        lastLoss = m.loss();
        boolean last = s == total;
        saved = last || (config.checkpointInterval() > 0 && s % config.checkpointInterval() == 0);
        if (!shard.leads()) {
          if (saved) {
            checkpoint(data, s); // takes part in the exchange of stream positions only
          }
          continue;
        }
        metrics.step(m);
        listener.stepped(m, total);
        // Evaluation before the checkpoint: a checkpoint at step s then implies that the logs
        // hold everything up to s, so a resume from it neither loses nor repeats a record.
        evaluated = last || (config.evalInterval() > 0 && s % config.evalInterval() == 0);
        if (evaluated) {
          lastEval = evaluate(s);
        }
        if (saved) {
          checkpoint(data, s);
        }
        if (!last && listener.stopRequested()) {
          if (!saved) {
            checkpoint(data, s);
          }
          throw new TrainingStoppedException(s, checkpoints.latest());
        }
      }
      if (done < total && done > completed) {
        if (shard.leads() && !evaluated) {
          lastEval = evaluate(done);
        }
        if (!saved) {
          checkpoint(data, done);
        }
      }
    } finally {
      listener.finished();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(done, lastLoss, seconds, pairs / seconds, lastEval);
  }

  /** Writes the checkpoint of step {@code s} (task 0); every rank exchanges its position. */
  private void checkpoint(BatchSource data, long s) {
    // The stream position after exactly this step's pairs: the prefetcher has already drawn
    // later batches, so the source's current position would be too far.
    Optional<DataPosition> own = data.streamPosition(s * config.batchSize());
    List<DataPosition> ranks = positions.exchange(own);
    if (!shard.leads()) {
      return;
    }
    metrics.flush();
    checkpoints.save(session, options.state().apply(s).withStreamPosition(own)
        .withRankPositions(ranks));
  }

  private Map<String, Double> evaluate(long s) {
    Map<String, Double> eval = options.evaluate().apply(s);
    if (!eval.isEmpty()) {
      metrics.eval(s, eval);
    }
    return eval;
  }

  /** Runs one step; throws if the loss or gradient norm is not finite. */
  StepMetrics step(long s, Batch batch, double lr, double wait, long t0) {
    try (TUint8 images = BatchTensors.images(batch);
        TInt32 tokens = BatchTensors.tokens(batch, options.endId())) {
      StepResult out = graph.run(session, images, tokens, lr, s);
      if (!out.finite()) {
        Optional<java.nio.file.Path> good = checkpoints.latest();
        throw new NonFiniteLossException(s, String.format(
            "loss %s, gradient norm %s; training stopped. Last good checkpoint: %s", out.loss(),
            out.gradNorm(), good.map(Object::toString).orElse("none")));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new StepMetrics(s, out.loss(), lr, out.logitScale(), out.gradNorm(),
          (double) batch.size() * shard.count() / seconds, wait);
    }
  }
}
