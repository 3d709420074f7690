package dev.clipjvm.clip.tf.train;

import static dev.clipjvm.clip.tf.model.ReferenceFixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * A ModifiedResNet trained by two worker JVMs keeps one set of BatchNorm running statistics:
 * both workers hold bit-identical running means, variances and counts after the steps, and they
 * are PyTorch's momentum-0.1 averages of the global batch's statistics, the mean and unbiased
 * variance of the union of both workers' activations, computed here by hand from the
 * per-channel sums each worker reports. Per-worker statistics would differ from them (checked,
 * so the test can tell the two apart).
 */
class DataParallelBatchNormTest {
  @TempDir Path dir;

  @Test
  void bothWorkersRecordTheGlobalBatchStatistics() throws Exception {
    int port = DataParallelTrainingTest.freePortPair();
    List<Process> procs = new ArrayList<>();
    for (int rank = 0; rank < 2; rank++) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp",
          System.getProperty("java.class.path"), ResNetWorkerMain.class.getName(),
          Integer.toString(port), "2", Integer.toString(rank),
          dir.resolve("rank" + rank + ".txt").toString());
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("rank" + rank + ".log").toFile());
      procs.add(pb.start());
    }
    try {
      for (int rank = 0; rank < 2; rank++) {
        Process p = procs.get(rank);
        assertThat(p.waitFor(400, TimeUnit.SECONDS)).as("worker %d finished", rank).isTrue();
        assertThat(p.exitValue()).as("worker %d exit code; log %s", rank,
            Files.readString(dir.resolve("rank" + rank + ".log"))).isZero();
      }
    } finally {
      procs.forEach(Process::destroyForcibly);
    }
    List<String> r0 = Files.readAllLines(dir.resolve("rank0.txt"));
    List<String> r1 = Files.readAllLines(dir.resolve("rank1.txt"));
    Map<String, double[]> state0 = values(r0, "state");
    Map<String, double[]> state1 = values(r1, "state");
    assertThat(state0).isNotEmpty();
    assertThat(state1.keySet()).isEqualTo(state0.keySet());
    state0.forEach((k, v) -> assertThat(state1.get(k)).as("rank 1 %s", k).containsExactly(v));

    boolean perWorkerDiffers = false;
    for (String bn : ResNetWorkerMain.LAYERS.keySet()) {
      double[][] global = expected(List.of(r0, r1), bn);
      double[][] own = expected(List.of(r0), bn);
      assertThat(relativeError(state0.get(bn + ".running_mean"), global[0]))
          .as(bn + ".running_mean").isLessThan(1e-5);
      assertThat(relativeError(state0.get(bn + ".running_var"), global[1]))
          .as(bn + ".running_var").isLessThan(1e-5);
      assertThat(state0.get(bn + ".num_batches_tracked"))
          .containsExactly(ResNetWorkerMain.STEPS);
      perWorkerDiffers |= relativeError(state0.get(bn + ".running_var"), own[1]) > 1e-4;
    }
    assertThat(perWorkerDiffers).as("rank 0's own statistics differ from the global ones")
        .isTrue();
  }

  /**
   * The running mean and variance after every step from the per-channel sums of {@code ranks}'
   * activations: mean {@code S/n}, unbiased variance {@code (Q - S^2/n) / (n - 1)} of the union.
   */
  private static double[][] expected(List<List<String>> ranks, String bn) {
    double[] mean = null;
    double[] var = null;
    for (int step = 1; step <= ResNetWorkerMain.STEPS; step++) {
      double n = 0;
      double[] s = null;
      double[] q = null;
      for (List<String> lines : ranks) {
        n += values(lines, "n " + step).get(bn)[0];
        s = add(s, values(lines, "sum " + step).get(bn));
        q = add(q, values(lines, "sq " + step).get(bn));
      }
      if (mean == null) {
        mean = new double[s.length]; // PyTorch starts at 0 ...
        var = new double[s.length];
        java.util.Arrays.fill(var, 1); // ... and 1
      }
      for (int c = 0; c < s.length; c++) {
        double mu = s[c] / n;
        mean[c] = 0.9 * mean[c] + 0.1 * mu;
        var[c] = 0.9 * var[c] + 0.1 * (q[c] - s[c] * mu) / (n - 1);
      }
    }
    return new double[][] {mean, var};
  }

  private static double[] add(double[] a, double[] b) {
    if (a == null) {
      return b.clone();
    }
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** Lines "{@code prefix} name values..." by name. */
  private static Map<String, double[]> values(List<String> lines, String prefix) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String l : lines) {
      if (l.startsWith(prefix + " ")) {
        String[] f = l.substring(prefix.length() + 1).split(" ");
        double[] v = new double[f.length - 1];
        for (int i = 0; i < v.length; i++) {
          v[i] = Double.parseDouble(f[i + 1]);
        }
        out.put(f[0], v);
      }
    }
    return out;
  }

}
