package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.data.pipeline.BatchSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class TrainerTest {
  @TempDir Path dir;

  static TrainingConfig config(long steps, long checkpointEvery, double lr) {
    return new TrainingConfig(6, TrainingLength.steps(steps),
        new AdamWConfig(lr, 0.9, 0.98, 1e-6, 0.1), new WarmupCosine(Math.min(2, steps - 1), 0.0), Precision.FP32,
        1.0, checkpointEvery, 2, 1, 0, 7);
  }

  static TrainGraph graph(Graph g, double initLogitScale, double maxScale) {
    return TrainGraph.build(g,
        tf -> new TinyTowers(tf, TinyData.IMAGE, TinyData.VOCAB, 8, 6, 3, initLogitScale),
        maxScale, config(1, 0, 1e-2).optimizer(), 1.0, FrozenTower.NONE);
  }

  /** Trains from scratch or resumes from the latest checkpoint; returns the per-step losses. */
  private List<Double> train(Path run, long steps, long stopAfter, boolean resume,
      BatchSource data) {
    TrainingConfig cfg = config(steps, 2, 1e-2);
    try (Graph g = new Graph(); Session s = new Session(g);
        MetricsLog log = new MetricsLog(run)) {
      TrainGraph tg = graph(g, Math.log(1 / 0.07), 100);
      Checkpoints ck = new Checkpoints(run.resolve("checkpoints"), 2);
      long done = 0;
      if (resume) {
        done = Checkpoints.restore(s, ck.latest().orElseThrow()).step();
      } else {
        s.initialize();
      }
      Trainer.Options opt = new Trainer.Options(steps, TinyData.END, TrainingListener.NONE,
          step -> new CheckpointState(step, "{}", "none", step * 6, Map.of()),
          step -> Map.of());
      BatchSource limited = TinyData.source((pos, size) -> {
        if (pos / 6 >= stopAfter) {
          throw new IllegalStateException("simulated interruption");
        }
        return data.batch(pos, size).orElseThrow();
      });
      try {
        new Trainer(tg, s, cfg, opt, ck, log).run(limited, done);
      } catch (IllegalStateException e) {
        assertThat(e).hasMessageContaining("simulated interruption");
      }
      return log.steps().stream().map(StepMetrics::loss).toList();
    }
  }

  @Test
  void resumedRunMatchesTheUninterruptedRun() {
    List<Double> full = train(dir.resolve("full"), 6, Long.MAX_VALUE, false, TinyData.source());
    assertThat(full).hasSize(6);
    assertThat(full.get(5)).isLessThan(full.get(0));
    Path run = dir.resolve("split");
    List<Double> first = train(run, 6, 4, false, TinyData.source());
    assertThat(new Checkpoints(run.resolve("checkpoints"), 2).latest().orElseThrow())
        .hasFileName("step-00000004");
    List<Double> rest = train(run, 6, Long.MAX_VALUE, true, TinyData.source());
    assertThat(first.subList(0, 4)).isEqualTo(full.subList(0, 4));
    // The resumed log starts with the steps already in metrics.jsonl, so plots cover the run.
    assertThat(rest).hasSize(6);
    assertThat(rest.subList(0, 4)).isEqualTo(first.subList(0, 4));
    assertThat(rest.get(4)).isCloseTo(full.get(4), within(1e-6));
    assertThat(rest.get(5)).isCloseTo(full.get(5), within(1e-6));
  }

  @Test
  void checkpointsRecordTheStreamPositionAfterTheCheckpointedStepsPairs() {
    Path run = dir.resolve("stream");
    // A stream-like source: it knows the position after each batch it has returned.
    Set<Long> returned = ConcurrentHashMap.newKeySet();
    BatchSource stream = new BatchSource() {
      @Override
      public Optional<Batch> batch(long position, int size) {
        returned.add(position + size);
        return TinyData.source().batch(position, size);
      }

      @Override
      public OptionalLong epochSize() {
        return OptionalLong.empty();
      }

      @Override
      public Optional<DataPosition> streamPosition(long pairs) {
        return returned.contains(pairs)
            ? Optional.of(new DataPosition(pairs, List.of(new DataPosition.Part(0, pairs))))
            : Optional.empty();
      }
    };
    try (Graph g = new Graph(); Session s = new Session(g); MetricsLog log = new MetricsLog(run)) {
      TrainGraph tg = graph(g, Math.log(1 / 0.07), 100);
      s.initialize();
      Checkpoints ck = new Checkpoints(run.resolve("checkpoints"), 2);
      new Trainer(tg, s, config(4, 2, 1e-2), new Trainer.Options(4, TinyData.END,
          TrainingListener.NONE,
          step -> new CheckpointState(step, "{}", "none", step * 6, Map.of()), step -> Map.of()),
          ck, log).run(stream, 0);

      // The prefetcher runs up to three batches ahead of the step, so the source has usually
      // moved on when a checkpoint is written; the state holds the position after the pairs the
      // checkpointed steps consumed (12 after step 2, 24 after step 4).
      assertThat(Checkpoints.readState(run.resolve("checkpoints/step-00000002")).streamPosition())
          .contains(new DataPosition(12, List.of(new DataPosition.Part(0, 12))));
      assertThat(Checkpoints.readState(run.resolve("checkpoints/step-00000004")).streamPosition())
          .contains(new DataPosition(24, List.of(new DataPosition.Part(0, 24))));
    }
  }

  @Test
  void dataThatEndsBeforeTheLastStepEndsTheRunCheckpointedAndEvaluated() {
    Path run = dir.resolve("short");
    // Three batches where six steps were planned (records were skipped, say): steps 1-3 run.
    BatchSource three = new BatchSource() {
      @Override
      public Optional<Batch> batch(long pairs, int size) {
        return pairs < 18 ? Optional.of(TinyData.batch(pairs, size)) : Optional.empty();
      }

      @Override
      public Optional<DataPosition> streamPosition(long pairs) {
        return Optional.of(new DataPosition(pairs, List.of(new DataPosition.Part(0, pairs))));
      }

      @Override
      public OptionalLong epochSize() {
        return OptionalLong.of(18);
      }
    };
    Set<Long> evaluated = ConcurrentHashMap.newKeySet();
    try (Graph g = new Graph(); Session s = new Session(g); MetricsLog log = new MetricsLog(run)) {
      TrainGraph tg = graph(g, Math.log(1 / 0.07), 100);
      s.initialize();
      Checkpoints ck = new Checkpoints(run.resolve("checkpoints"), 2);
      Trainer.Outcome out = new Trainer(tg, s, config(6, 2, 1e-2), new Trainer.Options(6,
          TinyData.END, TrainingListener.NONE, step -> new CheckpointState(step, "{}", "none", step * 6, Map.of()),
          step -> {
            evaluated.add(step);
            return Map.of("x", 1.0);
          }), ck, log).run(three, 0);

      assertThat(out.lastStep()).isEqualTo(3);
      assertThat(log.steps()).hasSize(3);
      assertThat(ck.latest().orElseThrow()).hasFileName("step-00000003");
      assertThat(Checkpoints.readState(ck.latest().orElseThrow()).streamPosition())
          .contains(new DataPosition(18, List.of(new DataPosition.Part(0, 18))));
      assertThat(evaluated).containsExactly(3L);
    }
  }

  @Test
  void nonFiniteLossStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint() {
    Path run = dir.resolve("nan");
    TrainingConfig cfg = config(6, 2, 1e-2).withEvalInterval(1);
    try (Graph g = new Graph(); Session s = new Session(g); MetricsLog log = new MetricsLog(run)) {
      TrainGraph tg = graph(g, Math.log(1 / 0.07), 100);
      s.initialize();
      Checkpoints ck = new Checkpoints(run.resolve("checkpoints"), 2);
      // Evaluation after step 2 (which runs after its checkpoint) poisons the logit scale.
      Trainer.Options opt = new Trainer.Options(6, TinyData.END, TrainingListener.NONE,
          step -> new CheckpointState(step, "{}", "none", step * 6, Map.of()), step -> {
            if (step == 2) {
              s.runner().addTarget(org.tensorflow.op.Ops.create(g)
                  .assign(tg.logitScale(), org.tensorflow.op.Ops.create(g).constant(Float.NaN)))
                  .run();
            }
            return Map.of();
          });
      Trainer trainer = new Trainer(tg, s, cfg, opt, ck, log);
      assertThatThrownBy(() -> trainer.run(TinyData.source(), 0))
          .isInstanceOf(NonFiniteLossException.class)
          .hasMessageContaining("step 3: loss NaN")
          .hasMessageContaining("step-00000002");
      assertThat(ck.latest().orElseThrow()).hasFileName("step-00000002");
    }
  }

  @Test
  void unfinishedCheckpointWriteLeavesThePreviousOneLoadable() throws IOException {
    Path run = dir.resolve("crash");
    train(run, 2, Long.MAX_VALUE, false, TinyData.source());
    Path ckDir = run.resolve("checkpoints");
    // A process killed mid-write leaves a temporary directory with partial files behind.
    Path partial = Files.createDirectories(ckDir.resolve("step-00000004.tmp-99"));
    Files.write(partial.resolve("variables.index"), new byte[] {1, 2, 3});
    Checkpoints ck = new Checkpoints(ckDir, 2);
    assertThat(ck.latest().orElseThrow()).hasFileName("step-00000002");
    try (Graph g = new Graph(); Session s = new Session(g)) {
      TrainGraph tg = graph(g, 0.5, 100);
      CheckpointState state = Checkpoints.restore(s, ck.latest().orElseThrow());
      assertThat(state.step()).isEqualTo(2);
      assertThat(state.dataPosition()).isEqualTo(12);
      try (TFloat32 scale = (TFloat32) s.runner().fetch(tg.logitScale()).run().get(0)) {
        // Restored, not the 0.5 this graph initializes to.
        assertThat((double) scale.getFloat()).isGreaterThan(2.6);
      }
    }
  }

  @Test
  void logitScaleIsClampedAfterEachStep() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      // Starts above the cap of ln(10) and must be clamped by the first step.
      TrainGraph tg = graph(g, Math.log(50), 10);
      s.initialize();
      Checkpoints ck = new Checkpoints(dir.resolve("c"), 1);
      try (MetricsLog log = new MetricsLog(dir.resolve("clamp"))) {
        Trainer t = new Trainer(tg, s, config(1, 0, 1e-2), new Trainer.Options(1, TinyData.END,
            TrainingListener.NONE, step -> new CheckpointState(step, "{}", "none", 0, Map.of()),
            step -> Map.of()),
            ck, log);
        StepMetrics m = t.step(1, TinyData.batch(0, 6), 1e-2, 0, System.nanoTime());
        assertThat(m.logitScale()).isCloseTo(10.0, within(1e-4));
      }
    }
  }

  @Test
  void logitScaleIsLearnedBelowTheCap() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      TrainGraph tg = graph(g, 1.0, 100);
      s.initialize();
      try (MetricsLog log = new MetricsLog(dir.resolve("learn"))) {
        Trainer t = new Trainer(tg, s, config(1, 0, 1e-2), new Trainer.Options(1, TinyData.END,
            TrainingListener.NONE, step -> new CheckpointState(step, "{}", "none", 0, Map.of()),
            step -> Map.of()),
            new Checkpoints(dir.resolve("c2"), 1), log);
        t.step(1, TinyData.batch(0, 6), 1e-2, 0, System.nanoTime());
        try (TFloat32 v = (TFloat32) s.runner().fetch(tg.logitScale()).run().get(0)) {
          // One AdamW step moves a parameter by about lr (the first step is lr * sign(g)).
          assertThat(Math.abs(v.getFloat() - 1.0)).isCloseTo(1e-2, within(1e-4));
        }
      }
    }
  }
}
