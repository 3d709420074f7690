package dev.clipjvm.clip.tf.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Activation recomputation (gradient checkpointing, Chen et al. 2016) per Transformer block, in
 * graph mode. While the encoders are built, each block's input is cut with {@code stopGradient}
 * ({@link #cut}), so the forward pass keeps no block's activations for the backward pass; {@link
 * #gradients} then walks the cuts backwards: it rebuilds each block from its saved input under a
 * control dependency on the gradient arriving at the block's output (so the rebuilt block runs
 * during the backward pass, not with the forward one) and differentiates the rebuilt block with
 * that upstream gradient ({@code Graph.addGradients(y, x, dy)}). Memory then holds the block
 * inputs plus one block's activations instead of every block's.
 *
 * <p>{@link #off()} records nothing: {@link #cut} returns the block as built and {@link
 * #gradients} is plain {@code addGradients}. An instance records the cuts of one graph; it is
 * filled while the towers are built and read when the training step is.
 */
public final class Recomputation {
  /**
   * One cut: {@code stopped = stopGradient(computed)}; for a block, {@code computed =
   * block(input)} and {@code rebuild} builds it again from {@code input} in a given scope.
   */
  private record Cut(Output<?> stopped, Output<?> computed, Output<?> input,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> rebuild, Ops scope) {}

  private final boolean on;
  private final List<Cut> cuts = new ArrayList<>();

  private Recomputation(boolean on) {
    this.on = on;
  }

  /** Records cuts: blocks are recomputed in the backward pass. */
  public static Recomputation perBlock() {
    return new Recomputation(true);
  }

  /** Records nothing: the plain graph. */
  public static Recomputation off() {
    return new Recomputation(false);
  }

  /** Whether blocks are recomputed. */
  public boolean enabled() {
    return on;
  }

  /**
   * The input of a block sequence, cut: returns {@code stopGradient(x)} when on ({@code x}
   * itself when off); gradients reaching the cut flow on into {@code x}'s producers.
   */
  public Operand<TFloat32> start(Ops tf, Operand<TFloat32> x) {
    if (!on) {
      return x;
    }
    Operand<TFloat32> stopped = tf.stopGradient(x);
    cuts.add(new Cut(stopped.asOutput(), x.asOutput(), null, null, tf));
    return stopped;
  }

  /**
   * A block applied to a cut input: builds {@code block(scope, input)} and, when on, cuts its
   * output and records how to rebuild it.
   *
   * @param input the block's input, returned by {@link #start} or an earlier {@code cut}
   */
  public Operand<TFloat32> cut(Ops scope, Operand<TFloat32> input,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> block) {
    Operand<TFloat32> y = block.apply(scope, input);
    if (!on) {
      return y;
    }
    Operand<TFloat32> stopped = scope.stopGradient(y);
    cuts.add(new Cut(stopped.asOutput(), y.asOutput(), input.asOutput(), block, scope));
    return stopped;
  }

  /**
   * {@code sum_i dys[i] . d ys[i] / d xs} (a null {@code dys} means ones), with every cut block
   * recomputed; entries of {@code xs} no {@code ys} depends on are null.
   */
  public Output<?>[] gradients(Graph graph, String prefix, Output<?>[] ys, Output<?>[] xs,
      Output<?>[] dys) {
    if (!on || cuts.isEmpty()) {
      return graph.addGradients(prefix, ys, xs, dys);
    }
    Ops tf = Ops.create(graph);
    Map<String, Operand<TFloat32>> atCut = new HashMap<>();
    Output<?>[] withCuts = concat(xs, cuts.stream().map(Cut::stopped).toArray(Output<?>[]::new));
    Output<?>[] first = differentiate(graph, prefix, ys, withCuts, dys);
    Operand<TFloat32>[] sums = accumulate(tf, null, first, xs.length);
    for (int c = 0; c < cuts.size(); c++) {
      add(tf, atCut, cuts.get(c).stopped(), first[xs.length + c]);
    }
    // Reverse creation order: a block's output gradient is complete before it is used, since
    // every later block of its tower was processed first (towers are independent).
    for (int c = cuts.size() - 1; c >= 0; c--) {
      Cut cut = cuts.get(c);
      Operand<TFloat32> upstream = atCut.get(key(cut.stopped()));
      if (upstream == null) {
        continue; // nothing trained depends on this cut
      }
      String name = prefix + "_recompute_" + c;
      if (cut.rebuild() == null) {
        Output<?>[] g = differentiate(graph, name, new Output<?>[] {cut.computed()}, xs,
            new Output<?>[] {upstream.asOutput()});
        sums = accumulate(tf, sums, g, xs.length);
        continue;
      }
      Ops late = cut.scope().withControlDependencies(List.of(cut.scope().identity(upstream)));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> rebuilt =
          cut.rebuild().apply(late, (Operand<TFloat32>) cut.input().asOutput());
      Output<?>[] g = differentiate(graph, name, new Output<?>[] {rebuilt.asOutput()},
          concat(xs, new Output<?>[] {cut.input()}), new Output<?>[] {upstream.asOutput()});
      sums = accumulate(tf, sums, g, xs.length);
      add(tf, atCut, cut.input(), g[xs.length]);
    }
    Output<?>[] out = new Output<?>[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = sums[i] == null ? null : sums[i].asOutput();
    }
    return out;
  }

  /**
   * {@code Graph.addGradients} over the {@code xs} that are data ancestors of {@code ys}
   * (TensorFlow rejects the others, while a cut's block reaches only its own parameters); null
   * for the rest.
   */
  private static Output<?>[] differentiate(Graph graph, String prefix, Output<?>[] ys,
      Output<?>[] xs, Output<?>[] dys) {
    Set<String> ancestors = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    for (Output<?> y : ys) {
      todo.push((GraphOperation) y.op());
    }
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (ancestors.add(op.name())) {
        for (int i = 0; i < op.numInputs(); i++) {
          todo.push((GraphOperation) op.input(i).op());
        }
      }
    }
    List<Integer> reached = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      if (ancestors.contains(xs[i].op().name())) {
        reached.add(i);
      }
    }
    Output<?>[] out = new Output<?>[xs.length];
    if (reached.isEmpty()) {
      return out;
    }
    Output<?>[] sub = reached.stream().map(i -> xs[i]).toArray(Output<?>[]::new);
    Output<?>[] g = graph.addGradients(prefix, ys, sub, dys);
    for (int j = 0; j < sub.length; j++) {
      out[reached.get(j)] = present(g[j]) ? g[j] : null;
    }
    return out;
  }

  /**
   * Whether {@code addGradients} returned a gradient: for an input it reaches only through ops
   * without gradients (a {@code Shape}) it returns an output over a null operation, whose use
   * fails as if the graph were closed.
   */
  private static boolean present(Output<?> g) {
    if (g == null) {
      return false;
    }
    try {
      g.op().name();
      return true;
    } catch (IllegalStateException absent) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32>[] accumulate(Ops tf, Operand<TFloat32>[] sums, Output<?>[] g,
      int n) {
    Operand<TFloat32>[] out = sums == null ? new Operand[n] : sums;
    for (int i = 0; i < n; i++) {
      if (g[i] != null) {
        Operand<TFloat32> gi = (Output<TFloat32>) g[i];
        out[i] = out[i] == null ? gi : tf.math.add(out[i], gi);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void add(Ops tf, Map<String, Operand<TFloat32>> at, Output<?> x,
      Output<?> g) {
    if (g != null) {
      at.merge(key(x), (Output<TFloat32>) g, tf.math::add);
    }
  }

  private static String key(Output<?> x) {
    return x.op().name() + ":" + x.index();
  }

  private static Output<?>[] concat(Output<?>[] a, Output<?>[] b) {
    Output<?>[] out = new Output<?>[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
