package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.cost.ParameterSpec;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a state dict (OpenAI names) against the {@link ParameterManifest} of its architecture,
 * the one list of every tensor's name and PyTorch shape: the graph builders create exactly these
 * tensors (a test proves it for every preset), so a checkpoint that passes fills every variable.
 */
final class ManifestCheck {
  /** BatchNorm step counters: integer-typed, and optional (a count, never read by a layer). */
  static final String COUNTER_SUFFIX = ".num_batches_tracked";

  private ManifestCheck() {}

  /**
   * Every missing, unexpected, mis-shaped and wrongly typed tensor, each naming the tensor;
   * empty if {@code tensors} holds exactly the manifest. An image positional embedding at
   * another grid passes: it is interpolated when the graph reads it ({@link PositionalResize}).
   */
  static List<String> problems(ParameterManifest manifest, Map<String, TensorData> tensors) {
    List<String> problems = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    for (ParameterSpec s : manifest.entries()) {
      wanted.add(s.name());
      TensorData t = tensors.get(s.name());
      boolean counter = s.name().endsWith(COUNTER_SUFFIX);
      if (t == null) {
        if (!counter) {
          problems.add("missing " + s.name() + " " + Arrays.toString(s.shape()));
        }
      } else if (!t.dtype().isFloating() && !counter) {
        problems.add(s.name() + " has dtype " + t.dtype() + ", expected a float type");
      } else if (!Arrays.equals(t.shape(), s.shape())
          && !PositionalResize.applies(s.name(), s.shape(), t.shape())) {
        problems.add(s.name() + " has shape " + Arrays.toString(t.shape()) + ", expected "
            + Arrays.toString(s.shape()));
      }
    }
    for (TensorData t : tensors.values()) {
      if (!wanted.contains(t.name())) {
        problems.add("unexpected " + t);
      }
    }
    return problems;
  }
}
