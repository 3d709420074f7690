package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker JVMs on loopback, each training on half of every global batch with TensorFlow's
 * collectives, give the same per-step losses and final parameters as one process training on
 * the whole batches. Workers are forked because a TensorFlow server cannot be stopped; every
 * wait is bounded so a hang fails the test.
 */
class DataParallelTrainingTest {
  private static final int STEPS = 5;
  @TempDir Path dir;

  @Test
  void twoWorkersWithHalfBatchesMatchOneProcessWithWholeBatches() throws Exception {
    Map<String, float[]> single = params(ShardedWorkerMain.train(0, 1, 0, STEPS));
    List<Double> singleLosses = losses(ShardedWorkerMain.train(0, 1, 0, STEPS));
    int port = freePortPair();
    List<Process> procs = new ArrayList<>();
    for (int rank = 0; rank < 2; rank++) {
      procs.add(fork(port, 2, rank, dir.resolve("rank" + rank + ".txt")));
    }
    for (int rank = 0; rank < 2; rank++) {
      Process p = procs.get(rank);
      boolean done = p.waitFor(240, TimeUnit.SECONDS);
      if (!done) {
        procs.forEach(Process::destroyForcibly);
      }
      assertThat(done).as("worker %d finished within 240 s", rank).isTrue();
      assertThat(p.exitValue()).as("worker %d exit code; log %s", rank,
          Files.readString(dir.resolve("rank" + rank + ".log"))).isZero();
    }
    for (int rank = 0; rank < 2; rank++) {
      List<String> lines = Files.readAllLines(dir.resolve("rank" + rank + ".txt"));
      List<Double> got = losses(lines);
      assertThat(got).hasSize(STEPS);
      for (int i = 0; i < STEPS; i++) {
        assertThat(relative(got.get(i), singleLosses.get(i)))
            .as("rank %d step %d loss %s vs %s", rank, i + 1, got.get(i), singleLosses.get(i))
            .isLessThan(1e-5);
      }
      Map<String, float[]> ps = params(lines);
      assertThat(ps.keySet()).isEqualTo(single.keySet());
      for (String name : single.keySet()) {
        assertThat(relativeL2(ps.get(name), single.get(name))).as("rank %d %s", rank, name)
            .isLessThan(1e-4);
      }
    }
    // The parameters moved: the comparison is not between two copies of the initial weights.
    assertThat(singleLosses.get(STEPS - 1)).isNotEqualTo(singleLosses.get(0));
  }

  private Process fork(int port, int workers, int rank, Path out) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), ShardedWorkerMain.class.getName(),
        Integer.toString(port), Integer.toString(workers), Integer.toString(rank),
        Integer.toString(STEPS), out.toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("rank" + rank + ".log").toFile());
    return pb.start();
  }

  /** Two consecutive free loopback ports (unique per test run). */
  static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p;
      try (ServerSocket s = new ServerSocket(0)) {
        p = s.getLocalPort();
      }
      if (p < 65535) {
        try (ServerSocket s = new ServerSocket(p + 1)) {
          return p;
        } catch (IOException taken) {
          // try another pair
        }
      }
    }
    throw new IOException("no two consecutive free ports");
  }

  static List<Double> losses(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("loss "))
        .map(l -> Double.parseDouble(l.split(" ")[2])).toList();
  }

  static Map<String, float[]> params(List<String> lines) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String l : lines) {
      if (l.startsWith("param ")) {
        String[] f = l.split(" ");
        float[] v = new float[f.length - 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.parseFloat(f[i + 2]);
        }
        out.put(f[1], v);
      }
    }
    return out;
  }

  private static double relative(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  }

  private static double relativeL2(float[] a, float[] b) {
    double d = 0;
    double n = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (double) (a[i] - b[i]);
      n += b[i] * (double) b[i];
    }
    return Math.sqrt(d / Math.max(n, 1e-24));
  }
}
