package dev.clipjvm.clip.tf.distributed;

import org.tensorflow.Graph;
import org.tensorflow.RemoteSessions;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * One worker process of a data-parallel run: TensorFlow's in-process gRPC server for this task
 * and sessions on it. TensorFlow 2.18's in-process server cannot be stopped (its C++
 * {@code Stop} is unsupported), so the server lives as long as the process; one process serves
 * one task.
 */
public final class Worker {
  private static Server server;
  private static Cluster started;

  private Worker() {}

  /**
   * Starts this process's server for {@code cluster}'s task (once per process; a second call
   * with the same cluster returns at once).
   */
  public static synchronized void start(Cluster cluster) {
    if (server != null) {
      if (!cluster.equals(started)) {
        throw new IllegalStateException("this process already serves " + started.address()
            + " of " + started.workers() + "; a process serves one task");
      }
      return;
    }
    JobDef.Builder job = JobDef.newBuilder().setName("worker");
    for (int i = 0; i < cluster.size(); i++) {
      job.putTasks(i, cluster.workers().get(i));
    }
    ServerDef def = ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName("worker").setTaskIndex(cluster.task()).setProtocol("grpc")
        .setPort(cluster.port()).setDefaultSessionConfig(sessionConfig(cluster)).build();
    try {
      Server s = new Server(def);
      s.start();
      server = s;
      started = cluster;
    } catch (RuntimeException e) {
      throw new IllegalStateException("task " + cluster.task() + ": cannot start the TensorFlow "
          + "server on " + cluster.address() + " (port in use?): " + e.getMessage(), e);
    }
  }

  /**
   * Session configuration of a worker: it sees only its own task's devices (so every operation
   * of its graph runs locally and it does not wait for the other tasks' devices), and task 0
   * leads the collective group.
   */
  static ConfigProto sessionConfig(Cluster cluster) {
    return ConfigProto.newBuilder()
        .addDeviceFilters(cluster.taskScope())
        .setExperimental(ConfigProto.Experimental.newBuilder()
            .setCollectiveGroupLeader(Cluster.taskScope(0)))
        .build();
  }

  /** A session running {@code graph} on this process's server (started first). */
  public static Session session(Graph graph, Cluster cluster) {
    start(cluster);
    return RemoteSessions.open(graph, "grpc://" + cluster.address(), sessionConfig(cluster));
  }
}
