package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.train.AdamWConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * AdamW (Loshchilov and Hutter 2019) written as graph ops, with PyTorch's arithmetic so runs can
 * be compared step for step: for step {@code t} (1-based), gradient {@code g}, learning rate
 * {@code lr} and decay {@code wd},
 *
 * <pre>
 * m = b1 m + (1 - b1) g
 * v = b2 v + (1 - b2) g^2
 * w = w (1 - lr wd) - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * where the decay term applies only to parameters with {@link Parameter#decays()}. Moments live
 * in variables named {@code optimizer/<parameter>/m} and {@code .../v} so checkpoints hold them.
 */
public final class AdamW {
  private AdamW() {}

  /**
   * A zero-initialized moment variable {@code optimizer/<parameter path>/<kind>}, built with raw
   * operation builders in the init scope (its zero assignment runs in {@code
   * Session.initialize()}): TF Java sub-scopes scan the whole graph, which made per-parameter
   * scopes cost over a minute on the demo model.
   */
  private static Variable<TFloat32> moment(Ops tf, Parameter p, String kind) {
    Graph graph = (Graph) tf.scope().env();
    String path = "optimizer/" + p.name().replace('.', '/') + "/" + kind;
    Ops init = tf.withInitScope();
    Scope scope = init.scope();
    Variable<TFloat32> var = new Variable<>(graph.opBuilder(Variable.OP_NAME, path, scope)
        .setAttr("shape", p.variable().shape()).setAttr("dtype", DataType.DT_FLOAT).build());
    Operand<TFloat32> zeros = init.zeros(init.constant(p.variable().shape()), TFloat32.class);
    graph.opBuilder(Assign.OP_NAME, path + "/init", scope).addInput(var.asOutput())
        .addInput(zeros.asOutput()).build();
    return var;
  }

  /**
   * The update and the moment variables.
   *
   * @param apply runs every parameter's update
   * @param moments the first and second moment variables, two per parameter
   */
  public record Update(Op apply, List<Variable<TFloat32>> moments) {}

  /**
   * Builds the update of {@code params} from {@code grads} (same order). Every update waits for
   * every gradient, so no backward op reads a weight already overwritten in the same step.
   *
   * @param lr learning rate of this step, scalar
   * @param step 1-based step number as a float scalar (bias correction)
   */
  public static Update build(Ops tf, List<Parameter> params, List<Operand<TFloat32>> grads,
      AdamWConfig config, Operand<TFloat32> lr, Operand<TFloat32> step) {
    if (params.size() != grads.size()) {
      throw new IllegalArgumentException(
          params.size() + " parameters but " + grads.size() + " gradients");
    }
    Ops opt = tf.withSubScope("optimizer");
    Operand<TFloat32> b1 = opt.constant((float) config.beta1());
    Operand<TFloat32> b2 = opt.constant((float) config.beta2());
    Operand<TFloat32> one = opt.constant(1f);
    Operand<TFloat32> stepSize = opt.math.div(lr,
        opt.math.sub(one, opt.math.pow(b1, step)));
    Operand<TFloat32> sqrtBc2 = opt.math.sqrt(opt.math.sub(one, opt.math.pow(b2, step)));
    Operand<TFloat32> decayFactor = opt.math.sub(one,
        opt.math.mul(lr, opt.constant((float) config.weightDecay())));
    List<Op> waits = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      waits.add(opt.identity(g));
    }
    Ops after = opt.withControlDependencies(waits);
    List<Op> updates = new ArrayList<>();
    List<Variable<TFloat32>> moments = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      Operand<TFloat32> g = grads.get(i);
      Variable<TFloat32> m = moment(tf, p, "m");
      Variable<TFloat32> v = moment(tf, p, "v");
      moments.add(m);
      moments.add(v);
      Operand<TFloat32> mNew = after.assign(m, after.math.add(after.math.mul(b1, m),
          after.math.mul(after.math.sub(one, b1), g)));
      Operand<TFloat32> vNew = after.assign(v, after.math.add(after.math.mul(b2, v),
          after.math.mul(after.math.sub(one, b2), after.math.square(g))));
      Operand<TFloat32> denom = after.math.add(after.math.div(after.math.sqrt(vNew), sqrtBc2),
          after.constant((float) config.eps()));
      Operand<TFloat32> w = p.decays() ? after.math.mul(p.variable(), decayFactor) : p.variable();
      updates.add(after.assign(p.variable(),
          after.math.sub(w, after.math.mul(stepSize, after.math.div(mNew, denom)))));
    }
    return new Update(
        opt.withControlDependencies(updates).withName("apply").noOp(), List.copyOf(moments));
  }
}
