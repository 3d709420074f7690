package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clip encode}: the interop door for numpy / PyTorch pipelines and parity checks. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
        "Encode tensors from a safetensors file with a checkpoint (safetensors, torch.save or "
            + "OpenAI's released TorchScript .pt; "
            + "OpenAI, open_clip or Hugging Face names; architecture inferred from shapes).",
        "Reads 'image' (F32 [N, 3, S, S], already normalized) and/or 'text' (I32 or I64 token "
            + "ids [N, L]); writes 'image_features' and 'text_features' (unnormalized encoder "
            + "outputs, F32) and, when both are given, 'logits_per_image'."})
public final class EncodeCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Model weights: .safetensors, a torch.save archive (.pt, .bin) or a "
          + "torch.jit.save archive (OpenAI's released .pt files).")
  Path checkpoint;

  @Option(names = "--tensors", required = true, paramLabel = "IN.safetensors",
      description = "Inputs: 'image' and/or 'text'.")
  Path tensors;

  @Option(names = "--out", required = true, paramLabel = "OUT.safetensors",
      description = "Where to write the features.")
  Path out;

  @Mixin DeviceOption device;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "TensorFlow intra-op threads (0 = all cores).")
  int threads;

  @Option(names = "--json", description = "Print one JSON object on one line: out, seconds "
      + "and the shape of each tensor written.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    TensorFile in = Safetensors.read(tensors);
    TensorData image = in.tensors().get("image");
    TensorData text = in.tensors().get("text");
    if (image == null && text == null) {
      throw new UsageException(tensors + " holds neither 'image' nor 'text' (has "
          + in.tensors().keySet() + ")");
    }
    long t0 = System.nanoTime();
    Checkpoint ckpt = Checkpoint.read(checkpoint);
    // Inputs are checked against the model before it is built: a mistake costs no graph.
    if (image != null) {
      int s = ckpt.config().vision().imageSize();
      long[] want = {image.rank() > 0 ? image.dim(0) : -1, 3, s, s};
      if (image.dtype() != DType.F32 || image.rank() != 4
          || !Arrays.equals(Arrays.copyOfRange(image.shape(), 1, 4),
              Arrays.copyOfRange(want, 1, 4))) {
        throw new UsageException(tensors + ": 'image' is " + image + ", expected F32 [N, 3, "
            + s + ", " + s + "]");
      }
      if (image.dim(0) < 1 || image.dim(0) > Limits.MAX_BATCH) {
        throw new UsageException(tensors + ": 'image' holds " + image.dim(0)
            + " images; expected 1.." + Limits.MAX_BATCH);
      }
    }
    if (text != null && ((text.dtype() != DType.I32 && text.dtype() != DType.I64)
        || text.rank() != 2)) {
      throw new UsageException(tensors + ": 'text' is " + text + ", expected I32 or I64 [N, L]");
    }
    int[][] ids = text == null ? null : rows(text, ckpt.config().text());
    List<TensorData> outputs = new ArrayList<>();
    try (ClipEncoder enc = ClipEncoder.load(ckpt, device.orAuto(), threads)) {
      System.err.printf("clip encode: loaded %s in %.2f s%n", checkpoint,
          (System.nanoTime() - t0) / 1e9);
      float[][] fi = null;
      float[][] ft = null;
      if (image != null) {
        fi = enc.encodeImages(image.toFloats(), (int) image.dim(0));
        outputs.add(matrix("image_features", fi));
      }
      if (ids != null) {
        ft = enc.encodeTexts(ids);
        outputs.add(matrix("text_features", ft));
      }
      if (fi != null && ft != null) {
        outputs.add(matrix("logits_per_image", enc.logits(fi, ft)));
      }
    }
    Safetensors.write(out, outputs, Map.of("producer", "clip encode"));
    System.err.println("clip encode: wrote " + outputs.stream().map(TensorData::toString).toList()
        + " to " + out);
    if (json) {
      var o = Json.object().put("out", out.toString())
          .put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
      var shapes = o.putObject("tensors");
      for (TensorData t : outputs) {
        var dims = shapes.putArray(t.name());
        for (long d : t.shape()) {
          dims.add(d);
        }
      }
      JsonOutput.print(o);
    }
    return 0;
  }

  /** The token id rows, each id checked against the model's vocabulary and context. */
  private int[][] rows(TensorData t, TextConfig cfg) {
    if (t.dim(0) < 1 || t.dim(0) > Limits.MAX_BATCH) {
      throw new UsageException(tensors + ": 'text' holds " + t.dim(0) + " rows; expected 1.."
          + Limits.MAX_BATCH);
    }
    if (t.dim(1) < 1 || t.dim(1) > cfg.contextLength()) {
      throw new UsageException(tensors + ": 'text' rows have " + t.dim(1)
          + " tokens; the model's context holds 1.." + cfg.contextLength());
    }
    long[] v = t.toLongs();
    int n = (int) t.dim(0);
    int len = (int) t.dim(1);
    int[][] out = new int[n][len];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < len; j++) {
        long id = v[i * len + j];
        if (id < 0 || id >= cfg.vocabSize()) {
          throw new UsageException(tensors + ": 'text' [" + i + ", " + j + "] is token id " + id
              + ", outside the model's vocabulary 0.." + (cfg.vocabSize() - 1));
        }
        out[i][j] = (int) id;
      }
    }
    return out;
  }

  private static TensorData matrix(String name, float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return TensorData.ofFloats(name, new long[] {rows.length, cols}, flat);
  }
}
