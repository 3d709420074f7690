package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.model.ParamSpec;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained model's weights as safetensors with OpenAI names and PyTorch layouts (linear
 * weights {@code [out, in]}, convolution kernels OIHW), so {@code clip encode}, fine-tuning
 * ({@code init.checkpoint}) and other CLIP tools read it like a released checkpoint.
 */
public final class ModelExport {
  private ModelExport() {}

  /** Writes every parameter of {@code params} (read from {@code session}) to {@code file}. */
  public static Path write(Session session, VariableParameters params, Path file,
      Map<String, String> metadata) {
    List<TensorData> tensors = new ArrayList<>();
    for (ParamSpec spec : params.specs()) {
      float[] v = new float[Math.toIntExact(spec.size())];
      try (TFloat32 t = (TFloat32) session.runner().fetch(params.variables().get(spec.name()))
          .run().get(0)) {
        t.asRawTensor().data().asFloats().read(v);
      }
      tensors.add(spec.name().endsWith(".num_batches_tracked") // an integer counter in PyTorch
          ? TensorData.ofLongs(spec.name(), spec.checkpointShape(), new long[] {(long) v[0]})
          : TensorData.ofFloats(spec.name(), spec.checkpointShape(), toCheckpoint(spec, v)));
    }
    try {
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Safetensors.write(temp, tensors, metadata);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e, e);
    }
  }

  /** Rearranges graph-layout values into the checkpoint layout of {@code spec}. */
  static float[] toCheckpoint(ParamSpec spec, float[] v) {
    long[] d = spec.shape().asArray();
    return switch (spec.layout()) {
      case AS_IS -> v;
      case LINEAR -> {
        int in = (int) d[0];
        int out = (int) d[1];
        float[] r = new float[v.length];
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            r[o * in + i] = v[i * out + o];
          }
        }
        yield r;
      }
      case CONV -> {
        int kh = (int) d[0];
        int kw = (int) d[1];
        int ci = (int) d[2];
        int co = (int) d[3];
        float[] r = new float[v.length];
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            for (int i = 0; i < ci; i++) {
              for (int o = 0; o < co; o++) {
                r[((o * ci + i) * kh + y) * kw + x] = v[((y * kw + x) * ci + i) * co + o];
              }
            }
          }
        }
        yield r;
      }
    };
  }
}
