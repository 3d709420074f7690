package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * it; {@code --resume} then completes the run exactly. Workers are separate JVMs (a TensorFlow
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
    CliOutput.Run resumed = CliOutput.run("train", "--config", longConfig.toString(), "--out",
        cut.toString(), "--quiet", "--workers", "2", "--resume");
    assertThat(resumed.code()).as("resume: %s", resumed.err()).isZero();
    List<Double> a = losses(whole);
    List<Double> b = losses(cut);
    assertThat(b).hasSize(120);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Math.abs(b.get(i) - a.get(i)) / Math.abs(a.get(i))).as("step %d", i + 1)
          .isLessThan(1e-6);
    }
    assertClose(weights(cut.resolve("model.safetensors")),
        weights(whole.resolve("model.safetensors")), 1e-6);
  }

  private static Process worker(Path out, Path cluster, int task) throws IOException {
    Files.createDirectories(out);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), ClipCommand.class.getName(), "train",
        "--config", longConfig.toString(), "--out", out.toString(), "--quiet",
        "--cluster", cluster.toString(), "--task", Integer.toString(task));
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
