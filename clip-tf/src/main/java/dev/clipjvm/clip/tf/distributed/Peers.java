package dev.clipjvm.clip.tf.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Tells which peer a failed collective lost. TensorFlow's error says that a collective timed
 * out or was aborted, not which task failed to arrive; a worker whose process is gone no longer
 * accepts connections on its server port, so the peers are probed once. A peer that accepts but
 * never joined the collective is reported as hung.
 */
public final class Peers {
  private static final int PROBE_MILLIS = 2000;

  private Peers() {}

  /**
   * The exception to stop a worker with after {@code failure} in a collective, naming the tasks
   * that are unreachable, or else the ones that may hang.
   */
  public static WorkerLostException lost(Cluster cluster, TensorFlowException failure,
      String lastCheckpoint) {
    List<String> dead = new ArrayList<>();
    List<String> alive = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      if (i == cluster.task()) {
        continue;
      }
      String w = cluster.workers().get(i);
      (reachable(w) ? alive : dead).add("task " + i + " (" + w + ")");
    }
    String who = !dead.isEmpty()
        ? "lost " + String.join(", ", dead) + ": its server no longer answers"
        : "lost contact with " + String.join(", ", alive)
            + ": its server answers but it did not join the step's collective (hung or stopped)";
    // TensorFlow's message starts with the reporting device ("From /job:worker/...:"); the
    // reason ("Collective has timed out during execution", "Connection reset") follows.
    String tf = failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage())
        .lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("From /job"))
        .findFirst().map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l).orElse("");
    return new WorkerLostException("task " + cluster.task() + " stopped: "
        + who + " [TensorFlow: " + tf + "]. Last checkpoint: " + lastCheckpoint
        + "; restart all workers with --resume to continue", failure);
  }

  private static boolean reachable(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(address.substring(colon + 1));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), PROBE_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
