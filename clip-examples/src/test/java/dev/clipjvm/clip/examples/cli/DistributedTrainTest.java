package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clip train} data-parallel: two worker processes on loopback give the single process's
 * losses and weights; a worker killed mid-run stops the other within 60 s with a message naming
 * it; {@code --resume} then completes the run exactly, each rank opening its stream at its
 * stored position (and a checkpoint without per-rank positions, as earlier versions wrote,
 * resumes as exactly); a stopped ({@code SIGSTOP}) worker stops the other within a short
 * {@code --peer-timeout}, the last checkpoint intact. Workers are separate JVMs (a TensorFlow
 * server cannot be stopped); every wait is bounded so a hang fails the test.
 */
class DistributedTrainTest {
  @TempDir static Path dir;
  static Path shortConfig;
  static Path longConfig;

  @BeforeAll
  static void configs() throws IOException {
    String json;
    try (InputStream in =
        DistributedTrainTest.class.getResourceAsStream("/distributed/tiny.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    shortConfig = dir.resolve("short.json");
    Files.writeString(shortConfig, json);
    longConfig = dir.resolve("long.json");
    Files.writeString(longConfig, json.replace("\"steps\": 6", "\"steps\": 120")
        .replace("\"checkpoint_interval\": 2", "\"checkpoint_interval\": 20"));
  }

  @Test
  void twoWorkersGiveTheSingleProcessLossesAndWeights() throws Exception {
    Path single = dir.resolve("single");
    Path two = dir.resolve("two");
    CliOutput.stdout("train", "--config", shortConfig.toString(), "--out", single.toString(),
        "--quiet");
    CliOutput.Run r = CliOutput.run("train", "--config", shortConfig.toString(), "--out",
        two.toString(), "--quiet", "--workers", "2");
    assertThat(r.code()).as("clip train --workers 2: %s", r.err()).isZero();
    List<Double> a = losses(single);
    List<Double> b = losses(two);
    assertThat(b).hasSize(6).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Math.abs(b.get(i) - a.get(i)) / Math.abs(a.get(i))).as("step %d", i + 1)
          .isLessThan(1e-5);
    }
    assertClose(weights(two.resolve("model.safetensors")),
        weights(single.resolve("model.safetensors")), 1e-4);
  }

  @Test
  void aKilledWorkerStopsTheOtherAndResumeMatchesTheUninterruptedRun() throws Exception {
    Path whole = dir.resolve("whole");
    CliOutput.Run r = CliOutput.run("train", "--config", longConfig.toString(), "--out",
        whole.toString(), "--quiet", "--workers", "2");
    assertThat(r.code()).as("uninterrupted run: %s", r.err()).isZero();

    Path cut = dir.resolve("cut");
    Path cluster = dir.resolve("cluster.txt");
    int[] ports = freePorts(2);
    Files.writeString(cluster, "127.0.0.1:" + ports[0] + "\n127.0.0.1:" + ports[1] + "\n");
    List<Process> workers = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      workers.add(worker(cut, cluster, task));
    }
    try {
      Path checkpoint = cut.resolve("checkpoints").resolve("step-00000040");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!Files.isRegularFile(checkpoint.resolve("state.json"))
          && System.nanoTime() < deadline && workers.get(0).isAlive()) {
        Thread.sleep(50);
      }
      assertThat(checkpoint.resolve("state.json")).as("checkpoint of step 40").isRegularFile();
      assertThat(workers.get(0).isAlive()).as("task 0 still training").isTrue();
      workers.get(1).destroyForcibly();
      long killed = System.nanoTime();
      boolean stopped = workers.get(0).waitFor(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - killed) / 1e9;
      assertThat(stopped).as("task 0 stopped within 60 s of the kill").isTrue();
      String log = Files.readString(cut.resolve("task0.log"));
      assertThat(workers.get(0).exitValue()).as("task 0 exit code; log %s", log).isEqualTo(4);
      assertThat(log).contains("lost task 1 (127.0.0.1:" + ports[1] + ")");
      System.err.printf("task 0 stopped %.1f s after task 1 was killed%n", seconds);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
    // The checkpoint holds both ranks' stream positions; a copy without them is what earlier
    // versions wrote (task 0's position only), and must resume as exactly.
    Path last = latestCheckpoint(cut);
    ObjectNode state = (ObjectNode) new ObjectMapper().readTree(last.resolve("state.json")
        .toFile());
    assertThat(state.get("rank_stream_positions")).as("per-rank positions").hasSize(2);
    assertThat(state.get("rank_stream_positions").get(0)).isEqualTo(state.get("stream_position"));
    long pairs = state.get("data_position").asLong();
    Path old = dir.resolve("cut-old");
    copyTree(cut, old);
    state.remove("rank_stream_positions");
    Files.writeString(old.resolve("checkpoints").resolve(last.getFileName())
        .resolve("state.json"), state.toString());

    CliOutput.Run alone = CliOutput.run("train", "--config", longConfig.toString(), "--out",
        cut.toString(), "--quiet", "--resume");
    assertThat(alone.code()).as("resume with another number of workers: %s", alone.err())
        .isEqualTo(2);
    assertThat(alone.err()).contains("was written by 2 workers and this run has a single "
        + "process; resume with --workers 2");

    List<Process> resumed = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      resumed.add(worker(cut, cluster, task, "--resume"));
    }
    try {
      for (int task = 0; task < 2; task++) {
        assertThat(resumed.get(task).waitFor(240, TimeUnit.SECONDS)).as("resumed task %d", task)
            .isTrue();
        String log = Files.readString(cut.resolve("task" + task + ".log"));
        assertThat(resumed.get(task).exitValue()).as("resumed task %d: %s", task, log).isZero();
        assertThat(log).as("task %d opened its stream without replay", task).contains("task "
            + task + ": data stream opened at its stored position after pair " + pairs);
      }
    } finally {
      resumed.forEach(Process::destroyForcibly);
    }
    assertSameRun(cut, whole);
    CliOutput.Run fromOld = CliOutput.run("train", "--config", longConfig.toString(), "--out",
        old.toString(), "--quiet", "--workers", "2", "--resume");
    assertThat(fromOld.code()).as("resume from a state without per-rank positions: %s",
        fromOld.err()).isZero();
    assertSameRun(old, whole);
  }

  @Test
  void aStoppedWorkerStopsTheOtherWithinThePeerTimeout() throws Exception {
    Path run = dir.resolve("stopped");
    Path cluster = dir.resolve("cluster-stopped.txt");
    int[] ports = freePorts(2);
    Files.writeString(cluster, "127.0.0.1:" + ports[0] + "\n127.0.0.1:" + ports[1] + "\n");
    int timeout = 8;
    List<Process> workers = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      workers.add(worker(run, cluster, task, "--peer-timeout", Integer.toString(timeout)));
    }
    try {
      Path checkpoint = run.resolve("checkpoints").resolve("step-00000020");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!Files.isRegularFile(checkpoint.resolve("state.json"))
          && System.nanoTime() < deadline && workers.get(0).isAlive()) {
        Thread.sleep(50);
      }
      assertThat(workers.get(0).isAlive()).as("task 0 training; log %s",
          Files.readString(run.resolve("task0.log"))).isTrue();
      signal("STOP", workers.get(1));
      long stopped = System.nanoTime();
      boolean exited = workers.get(0).waitFor(timeout + 20, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - stopped) / 1e9;
      String log = Files.readString(run.resolve("task0.log"));
      assertThat(exited).as("task 0 exited within %d s of the stop; log %s", timeout + 20, log)
          .isTrue();
      assertThat(workers.get(0).exitValue()).as("task 0 exit code; log %s", log).isEqualTo(4);
      assertThat(log).contains("lost contact with task 1 (127.0.0.1:" + ports[1] + ")")
          .contains("hung or stopped");
      System.err.printf("task 0 stopped %.1f s after task 1 was stopped (peer timeout %d s)%n",
          seconds, timeout);
      Path last = latestCheckpoint(run);
      assertThat(log).contains("Last checkpoint: " + last);
      JsonNode state = new ObjectMapper().readTree(last.resolve("state.json").toFile());
      assertThat(state.get("step").asLong() % 20).as("a checkpoint of the interval").isZero();
      assertThat(state.get("rank_stream_positions")).hasSize(2);
      assertThat(last.resolve("variables.index")).isRegularFile();
      try (var files = Files.list(run.resolve("checkpoints"))) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as("no half-written checkpoint").allMatch(n -> n.matches("step-\\d+"));
      }
    } finally {
      signal("CONT", workers.get(1));
      workers.forEach(Process::destroyForcibly);
    }
  }

  private static void signal(String name, Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -%s", name).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", name, p.pid()).isZero();
  }

  private static Path latestCheckpoint(Path run) throws IOException {
    try (var files = Files.list(run.resolve("checkpoints"))) {
      return files.filter(f -> f.getFileName().toString().matches("step-\\d+")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
  }

  /** Losses (1e-6) and final weights (1e-6) of {@code run} equal those of {@code whole}. */
  private static void assertSameRun(Path run, Path whole) throws IOException {
    List<Double> a = losses(whole);
    List<Double> b = losses(run);
    assertThat(b).as("%s losses", run).hasSize(120);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Math.abs(b.get(i) - a.get(i)) / Math.abs(a.get(i)))
          .as("%s step %d", run, i + 1).isLessThan(1e-6);
    }
    assertClose(weights(run.resolve("model.safetensors")),
        weights(whole.resolve("model.safetensors")), 1e-6);
  }

  private static Process worker(Path out, Path cluster, int task, String... more)
      throws IOException {
    Files.createDirectories(out);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), ClipCommand.class.getName(), "train",
        "--config", longConfig.toString(), "--out", out.toString(), "--quiet",
        "--cluster", cluster.toString(), "--task", Integer.toString(task)));
    cmd.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.redirectErrorStream(true).redirectOutput(out.resolve("task" + task + ".log").toFile());
    return pb.start();
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  /** Per-step losses of metrics.jsonl in step order (a resumed run's rows replace later ones). */
  private static List<Double> losses(Path run) throws IOException {
    ObjectMapper m = new ObjectMapper();
    Map<Long, Double> byStep = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = m.readTree(line);
      if (n.has("loss")) {
        byStep.put(n.get("step").asLong(), n.get("loss").asDouble());
      }
    }
    return new ArrayList<>(byStep.values());
  }

  /** The float32 tensors of a safetensors file by name. */
  private static Map<String, float[]> weights(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) b.getLong(0);
    JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength,
        StandardCharsets.UTF_8));
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      assertThat(e.getValue().get("dtype").asText()).isEqualTo("F32");
      int start = 8 + headerLength + e.getValue().get("data_offsets").get(0).asInt();
      int end = 8 + headerLength + e.getValue().get("data_offsets").get(1).asInt();
      float[] v = new float[(end - start) / 4];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat(start + 4 * i);
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  private static void assertClose(Map<String, float[]> got, Map<String, float[]> want,
      double relative) {
    assertThat(got.keySet()).isEqualTo(want.keySet());
    for (String k : want.keySet()) {
      double d = 0;
      double n = 0;
      for (int i = 0; i < want.get(k).length; i++) {
        double x = got.get(k)[i] - (double) want.get(k)[i];
        d += x * x;
        n += want.get(k)[i] * (double) want.get(k)[i];
      }
      assertThat(Math.sqrt(d / Math.max(n, 1e-24))).as("tensor %s", k).isLessThan(relative);
    }
  }
}
