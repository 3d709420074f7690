package dev.clipjvm.clip.tf.params;

import dev.clipjvm.clip.tf.model.Layout;
import dev.clipjvm.clip.tf.model.ParamSpec;
import dev.clipjvm.clip.tf.model.Parameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * {@link Parameters} backed by one graph variable per parameter ({@code VariableV2}, named by the
 * checkpoint name with dots as scope separators: {@code visual/transformer/resblocks/0/attn/
 * in_proj_weight}). Serves both inference and training:
 *
 * <ul>
 *   <li>inference: build the graph, then {@link #initialize(Session, InitialValues)} with values
 *       read from a checkpoint (fed through placeholders, never embedded as constants, so the
 *       graph stays small and grappler has nothing to fold);
 *   <li>training: initialize with {@link RandomInit} (the reference initialization, seeded), and
 *       take {@link #trainable()} for gradients, the optimizer and {@code Session.save/restore}.
 * </ul>
 *
 * <p>{@code read} is the compute-precision hook: it is applied to every variable when the graph
 * reads it (identity for float32).
 */
public final class VariableParameters implements Parameters {
  /** Feed at most this many bytes per initialization run, to bound native memory. */
  private static final long CHUNK_BYTES = 256L << 20;

  private final Graph graph;
  private final Ops root;
  private final BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> read;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, Feed> checkpointFeeds = new java.util.HashMap<>();
  private final Map<String, Op> stateUpdates = new LinkedHashMap<>();

  /** A placeholder and the assignment that stores what is fed to it. */
  private record Feed(Placeholder<TFloat32> placeholder, Op assign) {}

  private record Entry(ParamSpec spec, Variable<TFloat32> variable,
      Placeholder<TFloat32> feed, Op assign) {}

  /** Float32 parameters in {@code graph}. */
  public VariableParameters(Graph graph) {
    this(graph, (tf, x) -> x);
  }

  /** Parameters whose reads go through {@code read} (for example a cast). */
  public VariableParameters(Graph graph,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> read) {
    this.graph = graph;
    this.root = Ops.create(graph);
    this.read = read;
  }

  @Override
  public synchronized Operand<TFloat32> get(Ops tf, ParamSpec spec) {
    Entry e = entries.get(spec.name());
    if (e == null) {
      e = create(spec);
      entries.put(spec.name(), e);
    } else if (!e.spec().equals(spec)) {
      throw new IllegalStateException("parameter " + spec.name() + " requested as " + spec
          + " but already created as " + e.spec());
    }
    return read.apply(tf, e.variable());
  }

  /**
   * Records the assignment {@code spec <- next(spec)} for the training step; one per state
   * parameter, so a step can never apply the same update twice.
   */
  @Override
  public synchronized void update(Ops tf, ParamSpec spec,
      UnaryOperator<Operand<TFloat32>> next) {
    if (spec.trainable()) {
      throw new IllegalArgumentException(spec.name() + " is trainable; the optimizer updates it");
    }
    if (stateUpdates.containsKey(spec.name())) {
      throw new IllegalStateException(spec.name() + " already has an update; build the "
          + "training form of its layer once per graph");
    }
    get(tf, spec);
    Variable<TFloat32> v = entries.get(spec.name()).variable();
    stateUpdates.put(spec.name(), tf.assign(v, next.apply(v)));
  }

  /** The state updates declared so far ({@link #update}), by parameter name. */
  public synchronized Map<String, Op> stateUpdates() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(stateUpdates));
  }

  /**
   * Creates the variable, its feed and its assignment with raw operation builders and full path
   * names: TF Java's sub-scopes scan the whole graph on creation, which is quadratic here.
   */
  private Entry create(ParamSpec spec) {
    String path = spec.name().replace('.', '/');
    Scope scope = root.scope();
    Variable<TFloat32> v = new Variable<>(graph.opBuilder(Variable.OP_NAME, path, scope)
        .setAttr("shape", spec.shape()).setAttr("dtype", DataType.DT_FLOAT).build());
    Placeholder<TFloat32> feed = new Placeholder<>(graph.opBuilder(Placeholder.OP_NAME,
        path + "/initial_value", scope).setAttr("dtype", DataType.DT_FLOAT)
        .setAttr("shape", spec.shape()).build());
    Op assign = new Assign<TFloat32>(graph.opBuilder(Assign.OP_NAME, path + "/assign", scope)
        .addInput(v.asOutput()).addInput(feed.asOutput()).build());
    return new Entry(spec, v, feed, assign);
  }

  /**
   * The feed of a linear or convolution weight in PyTorch layout, transposed to the graph layout
   * by TensorFlow (created on first use; a session picks up operations added to its graph).
   */
  private Feed checkpointFeed(Entry e) {
    return checkpointFeeds.computeIfAbsent(e.spec().name(), name -> {
      String path = name.replace('.', '/') + "/checkpoint_layout";
      Scope scope = root.scope();
      int[] perm = e.spec().layout() == Layout.LINEAR ? new int[] {1, 0} : new int[] {2, 3, 1, 0};
      Placeholder<TFloat32> ph = new Placeholder<>(graph.opBuilder(Placeholder.OP_NAME,
          path + "/value", scope).setAttr("dtype", DataType.DT_FLOAT)
          .setAttr("shape", org.tensorflow.ndarray.Shape.of(e.spec().checkpointShape())).build());
      org.tensorflow.GraphOperation permOp;
      try (org.tensorflow.types.TInt32 p = org.tensorflow.types.TInt32.vectorOf(perm)) {
        permOp = graph.opBuilder("Const", path + "/perm", scope).setAttr("value", p)
            .setAttr("dtype", DataType.DT_INT32).build();
      }
      org.tensorflow.GraphOperation transposed = graph.opBuilder("Transpose",
          path + "/transpose", scope).addInput(ph.asOutput()).addInput(permOp.output(0)).build();
      Op assign = new Assign<TFloat32>(graph.opBuilder(Assign.OP_NAME, path + "/assign", scope)
          .addInput(e.variable().asOutput()).addInput(transposed.output(0)).build());
      return new Feed(ph, assign);
    });
  }

  /** Every parameter created so far, in creation order. */
  public synchronized List<ParamSpec> specs() {
    List<ParamSpec> out = new ArrayList<>();
    entries.values().forEach(e -> out.add(e.spec()));
    return Collections.unmodifiableList(out);
  }

  /** Every variable by checkpoint name, in creation order. */
  public synchronized Map<String, Variable<TFloat32>> variables() {
    Map<String, Variable<TFloat32>> out = new LinkedHashMap<>();
    entries.forEach((k, e) -> out.put(k, e.variable()));
    return Collections.unmodifiableMap(out);
  }

  /** The trainable variables (all but BatchNorm running statistics) by name. */
  public synchronized Map<String, Variable<TFloat32>> trainable() {
    Map<String, Variable<TFloat32>> out = new LinkedHashMap<>();
    entries.forEach((k, e) -> {
      if (e.spec().trainable()) {
        out.put(k, e.variable());
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** The spec of parameter {@code name}; throws if it was never requested. */
  public synchronized ParamSpec spec(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return e.spec();
  }

  /**
   * Assigns every variable its initial value, feeding at most {@value #CHUNK_BYTES} bytes per
   * run; {@code values} is called from several threads.
   */
  public synchronized void initialize(Session session, InitialValues values) {
    List<Entry> all = new ArrayList<>(entries.values());
    int i = 0;
    while (i < all.size()) {
      List<Entry> chunk = new ArrayList<>();
      long bytes = 0;
      while (i < all.size() && (bytes == 0 || bytes + all.get(i).spec().size() * 4 <= CHUNK_BYTES)) {
        bytes += all.get(i).spec().size() * 4;
        chunk.add(all.get(i++));
      }
      TFloat32[] open = new TFloat32[chunk.size()];
      try {
        // Conversions (dtype, layout, resizing) run in parallel; values must be thread-safe.
        java.util.stream.IntStream.range(0, chunk.size()).parallel()
            .forEach(k -> open[k] = values.value(chunk.get(k).spec()));
        Session.Runner runner = session.runner();
        for (int k = 0; k < open.length; k++) {
          Entry e = chunk.get(k);
          boolean convert = values.checkpointLayout() && e.spec().layout() != Layout.AS_IS;
          org.tensorflow.ndarray.Shape expected = values.checkpointLayout()
              ? org.tensorflow.ndarray.Shape.of(e.spec().checkpointShape()) : e.spec().shape();
          if (!open[k].shape().equals(expected)) {
            throw new IllegalArgumentException(e.spec().name() + ": initial value has shape "
                + open[k].shape() + ", expected " + expected);
          }
          Feed f = convert ? checkpointFeed(e) : new Feed(e.feed(), e.assign());
          runner.feed(f.placeholder(), open[k]).addTarget(f.assign());
        }
        runner.run().close();
      } finally {
        for (TFloat32 t : open) {
          if (t != null) {
            t.close();
          }
        }
      }
    }
  }
}
