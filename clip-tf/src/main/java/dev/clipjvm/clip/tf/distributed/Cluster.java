package dev.clipjvm.clip.tf.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workers of a data-parallel run and which of them this process is. Every worker lists the
 * same addresses in the same order; the task index is the worker's rank (rank 0 leads: it holds
 * the collective group, broadcasts the starting weights and writes checkpoints, metrics and
 * reports).
 *
 * @param workers {@code host:port} of each task, in rank order
 * @param task this process's index into {@code workers}
 */
public record Cluster(List<String> workers, int task) {
  private static final Pattern ADDRESS =
      Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+]):(\\d{1,5})");

  /** Checks the addresses and the task index. */
  public Cluster {
    workers = List.copyOf(workers);
    if (workers.isEmpty()) {
      throw new IllegalArgumentException("cluster: no workers listed");
    }
    for (String w : workers) {
      port(w);
    }
    if (workers.stream().distinct().count() != workers.size()) {
      throw new IllegalArgumentException("cluster: a worker address is listed twice: " + workers);
    }
    if (task < 0 || task >= workers.size()) {
      throw new IllegalArgumentException("cluster: task " + task + " is not in 0.."
          + (workers.size() - 1) + " (" + workers.size() + " workers listed)");
    }
  }

  /** {@code n} workers on consecutive loopback ports from {@code firstPort}. */
  public static Cluster loopback(int firstPort, int n, int task) {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      w.add("127.0.0.1:" + (firstPort + i));
    }
    return new Cluster(w, task);
  }

  /**
   * Reads a cluster file: one {@code host:port} per line in rank order; blank lines and lines
   * starting with {@code #} are ignored.
   */
  public static Cluster read(Path file, int task) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("--cluster: no such file " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("--cluster: cannot read " + file + ": " + e, e);
    }
    List<String> w = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!ADDRESS.matcher(line).matches()) {
        throw new IllegalArgumentException("--cluster " + file + " line " + (i + 1) + ": '"
            + line + "' is not host:port");
      }
      w.add(line);
    }
    try {
      return new Cluster(w, task);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cluster " + file + ": " + e.getMessage(), e);
    }
  }

  /** Number of workers (the collective group size). */
  public int size() {
    return workers.size();
  }

  /** This worker's address. */
  public String address() {
    return workers.get(task);
  }

  /** This worker's server port. */
  public int port() {
    return port(address());
  }

  /** This worker's device scope, e.g. {@code /job:worker/replica:0/task:1}. */
  public String taskScope() {
    return taskScope(task);
  }

  /** Device scope of task {@code i}. */
  public static String taskScope(int i) {
    return "/job:worker/replica:0/task:" + i;
  }

  private static int port(String address) {
    Matcher m = ADDRESS.matcher(address);
    if (!m.matches()) {
      throw new IllegalArgumentException("cluster: '" + address + "' is not host:port");
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster: port " + port + " of '" + address
          + "' is not in 1..65535");
    }
    return port;
  }
}
