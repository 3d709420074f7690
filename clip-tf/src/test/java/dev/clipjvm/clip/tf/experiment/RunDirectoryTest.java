package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.tf.train.Checkpoints;
import dev.clipjvm.clip.tf.train.TrainingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/** A run directory cannot be damaged: refused runs change nothing, resumes leave no duplicates. */
class RunDirectoryTest {
  @TempDir Path dir;

  private static ExperimentRunner.Options options(Path out, boolean resume) {
    return new ExperimentRunner.Options(out, resume, TrainingListener.NONE);
  }

  private static Set<String> snapshot(Path run) throws IOException {
    Set<String> files = new HashSet<>();
    try (Stream<Path> s = Files.walk(run)) {
      for (Path p : s.toList()) {
        files.add(run.relativize(p) + " " + Files.getLastModifiedTime(p) + " "
            + (Files.isRegularFile(p) ? Files.size(p) + " "
            + java.util.Arrays.hashCode(Files.readAllBytes(p)) : "dir"));
      }
    }
    return files;
  }

  @Test
  void refusedRunsAndResumesOfFinishedRunsChangeNothing() throws IOException {
    Path run = dir.resolve("run");
    ExperimentRunner.run(ExperimentRunnerTest.tiny(2), options(run, false));
    Set<String> before = snapshot(run);
    // A fresh run on a finished directory, with another experiment: refused, nothing written.
    assertThatThrownBy(() -> ExperimentRunner.run(ExperimentRunnerTest.tiny(3),
        options(run, false))).isInstanceOf(RunDirectoryException.class)
        .hasMessageContaining("already holds checkpoints");
    // A resume of the finished run: said so, nothing written.
    assertThatThrownBy(() -> ExperimentRunner.run(ExperimentRunnerTest.tiny(2),
        options(run, true))).isInstanceOf(RunFinishedException.class)
        .hasMessageEndingWith("already finished at step 2; nothing to do");
    // A resume with another experiment: refused, nothing written.
    assertThatThrownBy(() -> ExperimentRunner.run(ExperimentRunnerTest.tiny(3).withName("other"),
        options(run, true))).isInstanceOf(RunDirectoryException.class)
        .hasMessageContaining("the experiment differs");
    assertThat(snapshot(run)).isEqualTo(before);
  }

  @Test
  void aSecondRunOnTheSameDirectoryFailsAtOnce() throws IOException {
    Path run = dir.resolve("locked");
    Experiment e = ExperimentRunnerTest.tiny(2);
    try (RunDirectory held = RunDirectory.open(run, false, e,
        new Checkpoints(run.resolve("checkpoints"), 2))) {
      assertThatThrownBy(() -> ExperimentRunner.run(e, options(run, false)))
          .isInstanceOf(RunDirectoryException.class).hasMessageContaining("is in use by another run");
    }
    assertThat(run.resolve("experiment.json")).doesNotExist();
    assertThat(ExperimentRunner.run(e, options(run, false)).steps()).isEqualTo(2);
  }

  @Test
  void resumeCleansLeftoversAndContinuesLogsWithoutDuplicateSteps() throws IOException {
    Path run = dir.resolve("resumed");
    Experiment e = ExperimentRunnerTest.tiny(4);
    ExperimentRunner.run(e, options(run, false));
    // As a kill during the step-4 checkpoint leaves it: no step-4 checkpoint, a temporary
    // folder, logs that already hold steps 3 and 4, experiment.json as an older version wrote it.
    Path ckpts = run.resolve("checkpoints");
    deleteTree(ckpts.resolve("step-00000004"));
    Files.delete(run.resolve("report.md"));
    Files.delete(run.resolve(ExperimentRunner.MODEL));
    Files.writeString(run.resolve("report.md.tmp-7"), "torn");
    Files.createDirectories(ckpts.resolve("step-00000004.tmp-123/variables"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode old = (ObjectNode) json.readTree(run.resolve("experiment.json").toFile());
    ((ObjectNode) old.with("init")).put("checkpoint", "");
    Files.writeString(run.resolve("experiment.json"), json.writerWithDefaultPrettyPrinter()
        .writeValueAsString(old));

    ExperimentRunner.run(e, options(run, true));

    try (Stream<Path> s = Stream.concat(Files.list(ckpts), Files.list(run))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")))
          .isEmpty();
    }
    List<Long> steps = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode o = json.readTree(line);
      if (o.has("loss")) {
        steps.add(o.get("step").asLong());
      }
    }
    assertThat(steps).containsExactly(1L, 2L, 3L, 4L);
    List<String> events = new ArrayList<>();
    try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
      for (Path f : s.sorted(Comparator.naturalOrder()).toList()) {
        for (Event ev : events(f)) {
          ev.getSummary().getValueList().forEach(v -> events.add(v.getTag() + "@" + ev.getStep()));
        }
      }
    }
    assertThat(events).contains("train/loss@1", "train/loss@4").doesNotHaveDuplicates();
  }

  @Test
  void aResumeAfterAKillDuringTheRunsEndFinishesItWithoutTrainingAgain() throws IOException {
    Path run = dir.resolve("ending");
    Experiment e = ExperimentRunnerTest.tiny(3);
    RunResult whole = ExperimentRunner.run(e, options(run, false));
    byte[] weights = tensorBytes(run.resolve(ExperimentRunner.MODEL));
    // As a kill after the last checkpoint leaves it: no model, no report.
    Files.delete(run.resolve(ExperimentRunner.MODEL));
    Files.delete(run.resolve("report.md"));

    RunResult finished = ExperimentRunner.run(e, options(run, true));

    assertThat(finished.steps()).isEqualTo(3);
    assertThat(finished.finalLoss()).isEqualTo(whole.finalLoss());
    assertThat(finished.evaluation()).isEqualTo(whole.evaluation());
    assertThat(tensorBytes(run.resolve(ExperimentRunner.MODEL))).isEqualTo(weights);
    assertThat(Files.readString(run.resolve("report.md")))
        .contains(String.format(java.util.Locale.ROOT, "| final loss | %.4f |", whole.finalLoss()));
    List<String> records = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode o = json.readTree(line);
      records.add((o.has("eval") ? "eval@" : "step@") + o.get("step").asLong());
    }
    assertThat(records).containsExactly("step@1", "step@2", "step@3", "eval@3");
    // Now it is finished: another resume changes nothing.
    assertThatThrownBy(() -> ExperimentRunner.run(e, options(run, true)))
        .isInstanceOf(RunFinishedException.class);
  }

  @Test
  void aFullDiskUnderTheMetricsIsNamedAsOne() throws IOException {
    Path full = Path.of("/dev/full"); // every write answers ENOSPC, as a full disk does
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
    Path run = Files.createDirectories(dir.resolve("full"));
    Files.createSymbolicLink(run.resolve("metrics.jsonl"), full);
    var log = new dev.clipjvm.clip.tf.train.MetricsLog(run);
    log.step(new dev.clipjvm.clip.tf.train.StepMetrics(1, 2.5, 1e-3, 14, 1, 100, 0));
    String message = "no space left on device writing " + run.resolve("metrics.jsonl");
    assertThatThrownBy(log::flush).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessage(message).hasCauseInstanceOf(dev.clipjvm.clip.data.io.DiskFullException.class);
    try {
      log.close(); // releases the file and TensorBoard's session whatever the disk says
    } catch (java.io.UncheckedIOException again) {
      assertThat(again).hasMessage(message);
    }
  }

  /** The tensor bytes of a safetensors file (its header holds timings). */
  private static byte[] tensorBytes(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long header = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return java.util.Arrays.copyOfRange(all, (int) (8 + header), all.length);
  }

  private static List<Event> events(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> out = new ArrayList<>();
    while (in.remaining() >= 16) {
      int length = (int) in.getLong();
      in.position(in.position() + 4);
      byte[] data = new byte[length];
      in.get(data);
      in.position(in.position() + 4);
      out.add(Event.parseFrom(data));
    }
    return out;
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
