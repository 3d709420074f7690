package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.data.io.DiskFullException;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.tf.model.ParamSpec;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained model's weights as safetensors with OpenAI names and PyTorch layouts (linear
 * weights {@code [out, in]}, convolution kernels OIHW), so {@code clip encode}, fine-tuning
 * ({@code init.checkpoint}) and other CLIP tools read it like a released checkpoint.
 */
public final class ModelExport {
  private ModelExport() {}

  /** Bytes of variables fetched per session run, to bound memory. */
  private static final long CHUNK_BYTES = 256L << 20;

  /**
   * Writes every parameter of {@code params} (read from {@code session}) to {@code file}. The
   * variables are fetched a few hundred MB per run: each distinct fetch list costs TensorFlow a
   * pruning of the whole graph, which made one run per variable take a minute on a small ResNet
   * training graph.
   */
  public static Path write(Session session, VariableParameters params, Path file,
      Map<String, String> metadata) {
    List<TensorData> tensors = new ArrayList<>();
    List<ParamSpec> specs = params.specs();
    int i = 0;
    while (i < specs.size()) {
      List<ParamSpec> chunk = new ArrayList<>();
      long bytes = 0;
      while (i < specs.size() && (chunk.isEmpty() || bytes + specs.get(i).size() * 4
          <= CHUNK_BYTES)) {
        bytes += specs.get(i).size() * 4;
        chunk.add(specs.get(i++));
      }
      Session.Runner runner = session.runner();
      chunk.forEach(spec -> runner.fetch(params.variables().get(spec.name())));
      try (Result r = runner.run()) {
        for (int k = 0; k < chunk.size(); k++) {
          tensors.add(tensor(chunk.get(k), (TFloat32) r.get(k)));
        }
      }
    }
    try {
      Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + System.nanoTime());
      Safetensors.write(temp, tensors, metadata);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw DiskFullException.writing(file, e);
    }
  }

  /** The checkpoint form of one variable's value. */
  private static TensorData tensor(ParamSpec spec, TFloat32 value) {
    float[] v = new float[Math.toIntExact(spec.size())];
    value.asRawTensor().data().asFloats().read(v);
    return spec.name().endsWith(".num_batches_tracked") // an integer counter in PyTorch
        ? TensorData.ofLongs(spec.name(), spec.checkpointShape(), new long[] {(long) v[0]})
        : TensorData.ofFloats(spec.name(), spec.checkpointShape(), toCheckpoint(spec, v));
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
