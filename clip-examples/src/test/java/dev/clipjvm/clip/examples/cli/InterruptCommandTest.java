package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/**
 * Ctrl-C during {@code clip train}: SIGINT to a child process stops it after the step in flight
 * with a checkpoint of that step and one line saying how to continue; the resumed run goes on
 * from there, and its metrics and TensorBoard events continue without repeating a step.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class InterruptCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STOPPED = Pattern.compile("clip train: stopped after step (\\d+); "
      + "last checkpoint: (\\S+); continue with: (.+)");

  @TempDir Path dir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void sigintStopsAfterTheStepWithACheckpointAndTheResumeContinues() throws Exception {
    Path config = tinyEndlessConfig();
    Path run = dir.resolve("run");
    long first = interruptAfter(run, config, 3, false, dir.resolve("first.log"));
    Path checkpoint = run.resolve("checkpoints").resolve(String.format("step-%08d", first));
    assertThat(checkpoint.resolve("state.json")).isRegularFile();
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }

    long second = interruptAfter(run, config, first + 2, true, dir.resolve("second.log"));
    assertThat(second).isGreaterThan(first + 1);
    List<Long> logged = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode o = JSON.readTree(line);
      if (o.has("loss")) {
        logged.add(o.get("step").asLong());
      }
    }
    assertThat(logged).hasSize((int) second).isSorted().doesNotHaveDuplicates()
        .startsWith(1L).endsWith(second);
    List<Long> board = new ArrayList<>();
    try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
      for (Path f : s.sorted().toList()) {
        for (Event ev : events(f)) {
          ev.getSummary().getValueList().stream().filter(v -> v.getTag().equals("train/loss"))
              .forEach(v -> board.add(ev.getStep()));
        }
      }
    }
    assertThat(board).doesNotHaveDuplicates().contains(first, first + 1, second);
  }

  /**
   * Starts {@code clip train} (resuming when asked), waits until it has logged step {@code
   * after}, sends SIGINT and checks the exit and the line; returns the step it stopped at.
   */
  private long interruptAfter(Path run, Path config, long after, boolean resume, Path log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), ClipCommand.class.getName(), "train",
        "--config", config.toString(), "--out", run.toString(), "--quiet"));
    if (resume) {
      cmd.add("--resume");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    try {
      Pattern step = Pattern.compile("(?m)^step (\\d+)/");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
      while (true) {
        assertThat(p.isAlive()).as("clip train ended early: " + Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("no step %d within 6 minutes", after)
            .isLessThan(deadline);
        Matcher m = step.matcher(Files.readString(log));
        long last = 0;
        while (m.find()) {
          last = Long.parseLong(m.group(1));
        }
        if (last >= after) {
          break;
        }
        Thread.sleep(200);
      }
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
      assertThat(kill.waitFor()).isZero();
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isEqualTo(RunPrinter.INTERRUPTED);
    assertThat(out).contains("clip train: interrupted; stopping after the current step");
    Matcher m = STOPPED.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    long stopped = Long.parseLong(m.group(1));
    assertThat(stopped).isGreaterThanOrEqualTo(after);
    assertThat(Path.of(m.group(2))).isEqualTo(run.resolve("checkpoints")
        .resolve(String.format("step-%08d", stopped)));
    assertThat(m.group(3)).isEqualTo("./clip train --config " + config + " --out " + run
        + " --resume");
    return stopped;
  }

  /** The demo shrunk to a tiny model that would train for a very long time. */
  private Path tinyEndlessConfig() throws IOException {
    ObjectNode e = TinyDemo.experiment("endless", 1_000_000, 100_000);
    e.remove("evaluation");
    return Files.writeString(dir.resolve("endless.json"), e.toPrettyString());
  }

  /** The events of a TensorBoard file (TFRecord framing: length, CRC, data, CRC). */
  static List<Event> events(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> out = new ArrayList<>();
    while (in.remaining() >= 16) {
      int length = Math.toIntExact(in.getLong());
      in.position(in.position() + 4);
      byte[] data = new byte[length];
      in.get(data);
      in.position(in.position() + 4);
      out.add(Event.parseFrom(data));
    }
    return out;
  }
}
