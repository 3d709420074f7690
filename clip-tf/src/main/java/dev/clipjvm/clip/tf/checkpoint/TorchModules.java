package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a TorchScript module tree under the names {@code state_dict()} gives them: a
 * module's own tensor attributes (parameters and buffers, such as BatchNorm's
 * {@code running_mean} and {@code num_batches_tracked}) first, in the archive's order, then each
 * submodule's under {@code attribute.}, depth first, as PyTorch's {@code Module.state_dict}
 * recurses. Flags ({@code training}), None and other plain attributes are skipped. A traced
 * module (OpenAI's releases are traced) keeps only parameters, buffers and submodules; a scripted
 * one may also carry plain tensor attributes, which come out as well and are reported as
 * unexpected when the checkpoint is loaded.
 *
 * <p>The tree comes from a hostile file: it is walked within {@link PickleLimits#MAX_DEPTH} levels
 * and {@link PickleLimits#MAX_MODULES} visits, and a module that contains itself is an error, so
 * neither a cycle nor an exponentially shared tree can hang the walk or overflow the stack.
 */
final class TorchModules {
  private final String source;
  private final Map<String, TorchView> out = new LinkedHashMap<>();
  private final Set<TorchObject> path = Collections.newSetFromMap(new IdentityHashMap<>());
  private int visits;

  private TorchModules(String source) {
    this.source = source;
  }

  /** The tensors of {@code root} and its submodules by dotted name. */
  static Map<String, TorchView> stateDict(String source, TorchObject root) {
    TorchModules walk = new TorchModules(source);
    walk.visit(root, "", 0);
    return walk.out;
  }

  private void visit(TorchObject module, String prefix, int depth) {
    if (depth > PickleLimits.MAX_DEPTH) {
      throw problem("module tree deeper than " + PickleLimits.MAX_DEPTH + " levels at "
          + Pickled.clip(prefix) + " (limit PickleLimits.MAX_DEPTH)");
    }
    if (++visits > PickleLimits.MAX_MODULES) {
      throw problem("module tree has more than " + PickleLimits.MAX_MODULES
          + " modules (limit PickleLimits.MAX_MODULES; shared submodules count each time)");
    }
    if (!path.add(module)) {
      throw problem("module " + Pickled.clip(prefix) + " contains itself");
    }
    for (Map.Entry<String, Object> a : module.attributes().entrySet()) {
      if (a.getValue() instanceof TorchView t) {
        out.put(prefix + a.getKey(), t);
      }
    }
    for (Map.Entry<String, Object> a : module.attributes().entrySet()) {
      if (a.getValue() instanceof TorchObject child) {
        visit(child, prefix + a.getKey() + ".", depth + 1);
      }
    }
    path.remove(module);
  }

  private CheckpointFormatException problem(String message) {
    return new CheckpointFormatException(source, message);
  }
}
