package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.experiment.FrozenTower;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.tf.distributed.Cluster;
import dev.clipjvm.clip.tf.distributed.Collectives;
import dev.clipjvm.clip.tf.distributed.DataParallel;
import dev.clipjvm.clip.tf.distributed.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One process of the data-parallel equality test: trains the tiny towers for a few steps on
 * global batches of {@link #BATCH} pairs, this rank's share of each (or all of it with one
 * worker, in a plain local session), and writes the per-step losses and the final parameters.
 * Arguments: first port, workers, rank, steps, output file.
 */
public final class ShardedWorkerMain {
  static final int BATCH = 6;
  static final double LR = 1e-2;

  private ShardedWorkerMain() {}

  /** Runs one worker; exits non-zero with the error on stderr when training fails. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int workers = Integer.parseInt(args[1]);
    int rank = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    try {
      Files.writeString(out, String.join("\n", train(port, workers, rank, steps)) + "\n");
    } catch (RuntimeException e) {
      System.err.println("worker " + rank + ": " + e);
      System.exit(1);
    }
    System.exit(0); // the TensorFlow server cannot be stopped; it would keep the JVM alive
  }

  /** Lines "loss <step> <value>" then "param <name> <values...>". */
  static List<String> train(int port, int workers, int rank, int steps) {
    int local = BATCH / workers;
    Optional<Collectives> dp = workers == 1 ? Optional.empty()
        : Optional.of(DataParallel.collectives(Cluster.loopback(port, workers, rank)));
    List<String> lines = new ArrayList<>();
    try (Graph g = new Graph()) {
      TrainGraph tg = TrainGraph.build(g,
          tf -> new TinyTowers(tf, TinyData.IMAGE, TinyData.VOCAB, 8, 6, 3, Math.log(1 / 0.07)),
          100, TrainerTest.config(1, 0, LR).optimizer(), 1.0, FrozenTower.NONE, dp);
      Optional<Op> broadcast = dp.map(c -> DataParallel.broadcast(g, c));
      try (Session s = dp.isEmpty() ? new Session(g)
          : Worker.session(g, Cluster.loopback(port, workers, rank))) {
        s.initialize();
        broadcast.ifPresent(s::run);
        for (int step = 1; step <= steps; step++) {
          Batch b = TinyData.batch((long) (step - 1) * BATCH + (long) rank * local, local);
          // Uncut tokens: the tiny text tower means over all positions, so cutting after the
          // local batch's last end token would change its features.
          try (TUint8 images = BatchTensors.images(b); TInt32 tokens = BatchTensors.tokens(b)) {
            StepResult r = tg.run(s, images, tokens, LR, step);
            lines.add("loss " + step + " " + r.loss());
          }
        }
        for (Parameter p : tg.parameters()) {
          try (Result r = s.runner().fetch(p.variable()).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            StringBuilder sb = new StringBuilder("param " + p.name());
            t.scalars().forEach(x -> sb.append(' ').append(x.getFloat()));
            lines.add(sb.toString());
          }
        }
      }
    }
    return lines;
  }
}
