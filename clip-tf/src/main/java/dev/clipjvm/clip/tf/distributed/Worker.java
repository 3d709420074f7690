package dev.clipjvm.clip.tf.distributed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.RemoteSessions;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;
import org.tensorflow.types.TFloat32;

/**
 * One worker process of a data-parallel run: TensorFlow's in-process gRPC server for this task
 * and sessions on it. TensorFlow cannot stop a server ({@code Server.close()} is not implemented
 * in TF 2.18), so the server lives as long as the process; one process serves one task.
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

  /**
   * An op that overwrites every float variable of {@code graph} with worker 0's value: an
   * all-reduce of the values (rank 0) and zeros (other ranks), exact because {@code x + 0 == x}.
   * Build it after every variable (optimizer moments included) exists.
   *
   * @param instanceKey collective instance key, unused by the graph's other collectives
   */
  public static Op broadcastFromLeader(Ops tf, Graph graph, Collectives c, int instanceKey) {
    List<Output<TFloat32>> vars = floatVariables(graph);
    if (vars.isEmpty()) {
      throw new IllegalStateException("broadcast: the graph has no float variables");
    }
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (Output<TFloat32> v : vars) {
      flat.add(tf.reshape(c.rank() == 0 ? v : tf.zerosLike(v), tf.constant(new int[] {-1})));
    }
    Operand<TFloat32> summed = c.allReduceSum(tf, tf.concat(flat, tf.constant(0)), instanceKey);
    List<Op> assigns = new ArrayList<>();
    int offset = 0;
    for (Output<TFloat32> v : vars) {
      int n = (int) v.shape().size();
      Operand<TFloat32> part = tf.reshape(
          tf.slice(summed, tf.constant(new int[] {offset}), tf.constant(new int[] {n})),
          tf.constant(v.shape().asArray()));
      assigns.add(tf.assign(v, part));
      offset += n;
    }
    return tf.withControlDependencies(assigns).withName("broadcast_from_leader").noOp();
  }

  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> floatVariables(Graph graph) {
    List<Output<TFloat32>> out = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("VariableV2")
          && (op.output(0).dataType() == DataType.DT_FLOAT
          || op.output(0).dataType() == DataType.DT_FLOAT_REF)) {
        out.add((Output<TFloat32>) (Output<?>) op.output(0));
      }
    }
    out.sort((a, b) -> a.op().name().compareTo(b.op().name()));
    return out;
  }
}
