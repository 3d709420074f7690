package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.model.Layout;
import dev.clipjvm.clip.tf.model.ParamSpec;
import dev.clipjvm.clip.tf.params.InitialValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Initial values read from checkpoint tensors with OpenAI names: converts F16/BF16 to float32,
 * PyTorch layouts to graph layouts (see {@link Layout}) and, when the graph runs at another image
 * resolution than the checkpoint, interpolates positional embeddings ({@link PositionalResize}).
 */
public final class CheckpointValues implements InitialValues {
  /** Checkpoint entries that carry no weight the graph needs (BatchNorm step counters). */
  private static final String IGNORED_SUFFIX = ".num_batches_tracked";

  private final String source;
  private final Map<String, TensorData> tensors;

  /** Values from {@code tensors} (OpenAI names), {@code source} naming them in messages. */
  public CheckpointValues(String source, Map<String, TensorData> tensors) {
    this.source = source;
    this.tensors = new LinkedHashMap<>(tensors);
  }

  /**
   * Checks that the checkpoint holds exactly the parameters {@code specs} (besides BatchNorm
   * step counters) with convertible shapes; reports every missing, unexpected and mis-shaped
   * tensor at once.
   */
  public void check(List<ParamSpec> specs) {
    List<String> problems = new ArrayList<>();
    Set<String> wanted = new java.util.HashSet<>();
    for (ParamSpec s : specs) {
      wanted.add(s.name());
      TensorData t = tensors.get(s.name());
      long[] expected = s.checkpointShape();
      if (t == null) {
        problems.add("missing " + s.name() + " " + Arrays.toString(expected));
      } else if (!t.dtype().isFloating()) {
        problems.add(s.name() + " has dtype " + t.dtype() + ", expected a float type");
      } else if (!Arrays.equals(t.shape(), expected) && !PositionalResize.applies(s, t)) {
        problems.add(s.name() + " has shape " + Arrays.toString(t.shape()) + ", expected "
            + Arrays.toString(expected));
      }
    }
    for (String name : tensors.keySet()) {
      if (!wanted.contains(name) && !name.endsWith(IGNORED_SUFFIX)) {
        problems.add("unexpected " + tensors.get(name));
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(source, problems);
    }
  }

  @Override
  public TFloat32 value(ParamSpec spec) {
    TensorData t = tensors.get(spec.name());
    if (t == null) {
      throw new CheckpointFormatException(source, "missing " + spec);
    }
    boolean resize = PositionalResize.applies(spec, t);
    if (t.dtype() == DType.F32 && spec.layout() == Layout.AS_IS && !resize) {
      long bytes = t.size() * 4;
      return TFloat32.tensorOf(spec.shape(),
          dst -> DataBuffers.of(t.data()).copyTo(dst.asRawTensor().data(), bytes));
    }
    float[] v = t.toFloats();
    if (resize) {
      v = PositionalResize.resize(v, t.shape(), spec.shape().asArray());
    } else if (spec.layout() == Layout.LINEAR) {
      v = transpose(v, (int) t.dim(0), (int) t.dim(1));
    } else if (spec.layout() == Layout.CONV) {
      v = oihwToHwio(v, t.shape());
    }
    return TFloat32.tensorOf(spec.shape(), DataBuffers.of(v, true, false));
  }

  /** Transposes a row-major {@code [rows, cols]} matrix into {@code [cols, rows]}. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] out = new float[a.length];
    final int block = 64;
    for (int r0 = 0; r0 < rows; r0 += block) {
      for (int c0 = 0; c0 < cols; c0 += block) {
        int r1 = Math.min(rows, r0 + block);
        int c1 = Math.min(cols, c0 + block);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            out[c * rows + r] = a[r * cols + c];
          }
        }
      }
    }
    return out;
  }

  /** PyTorch's {@code [out, in, kh, kw]} kernel as TensorFlow's {@code [kh, kw, in, out]}. */
  static float[] oihwToHwio(float[] a, long[] shape) {
    int o = (int) shape[0];
    int i = (int) shape[1];
    int kh = (int) shape[2];
    int kw = (int) shape[3];
    float[] out = new float[a.length];
    for (int oo = 0; oo < o; oo++) {
      for (int ii = 0; ii < i; ii++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            out[((y * kw + x) * i + ii) * o + oo] = a[((oo * i + ii) * kh + y) * kw + x];
          }
        }
      }
    }
    return out;
  }
}
