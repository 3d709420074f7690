package dev.clipjvm.clip.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code clip train --workers N}: starts N worker processes of one data-parallel run on this
 * machine, on free loopback ports, each running {@code clip train --cluster FILE --task I} with
 * the same JVM settings, and waits for them. Their output passes through (only task 0 draws a
 * progress bar and prints results). When a worker fails, the others stop on their own within
 * the peer timeout (a collective times out); any still running 30 s after that are ended.
 */
final class LocalWorkers {
  /** Beyond the peer timeout, time for a worker to notice, probe its peers and exit. */
  private static final long GRACE_SECONDS = 30;

  private LocalWorkers() {}

  /**
   * Runs {@code n} workers with the arguments every worker shares (their collectives time out
   * after {@code peerTimeoutSeconds}); returns the exit code.
   */
  static int run(int n, List<String> shared, float peerTimeoutSeconds) {
    Path clusterFile = writeCluster(freePorts(n));
    List<Process> procs = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(shared);
        cmd.addAll(List.of("--cluster", clusterFile.toString(), "--task", Integer.toString(i)));
        procs.add(new ProcessBuilder(cmd).inheritIO().start());
      }
      return await(procs, GRACE_SECONDS + (long) Math.ceil(peerTimeoutSeconds));
    } catch (IOException e) {
      throw new UncheckedIOException("--workers: cannot start a worker process: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Failures.INTERNAL;
    } finally {
      procs.forEach(p -> {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      });
      clusterFile.toFile().delete();
    }
  }

  /** Waits for all; after the first failure, gives the others {@code grace} seconds. */
  private static int await(List<Process> procs, long grace) throws InterruptedException {
    int code = 0;
    long failedAt = 0;
    while (procs.stream().anyMatch(Process::isAlive)) {
      for (int i = 0; i < procs.size(); i++) {
        Process p = procs.get(i);
        if (!p.isAlive() && p.exitValue() != 0 && code == 0) {
          code = p.exitValue();
          failedAt = System.nanoTime();
          System.err.println("clip train: worker task " + i + " exited with code " + code);
        }
      }
      if (code != 0 && System.nanoTime() - failedAt > TimeUnit.SECONDS.toNanos(grace)) {
        System.err.println("clip train: ending workers still running " + grace
            + " s after a worker failed");
        break;
      }
      procs.get(0).waitFor(200, TimeUnit.MILLISECONDS);
    }
    for (Process p : procs) {
      if (!p.isAlive() && p.exitValue() != 0 && code == 0) {
        code = p.exitValue();
      }
    }
    return code;
  }

  /** This JVM's command line up to the main class: the workers run with the same settings. */
  private static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ClipCommand.class.getName(), "train"));
    return cmd;
  }

  private static List<Integer> freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("--workers: no free loopback port: " + e, e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // the port is released either way
        }
      }
    }
  }

  private static Path writeCluster(List<Integer> ports) {
    try {
      Path f = Files.createTempFile("clip-cluster-", ".txt");
      StringBuilder sb = new StringBuilder("# clip train --workers: one host:port per task\n");
      ports.forEach(p -> sb.append("127.0.0.1:").append(p).append('\n'));
      Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException("--workers: cannot write the cluster file: " + e, e);
    }
  }
}
