package dev.clipjvm.clip.api.cost;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Every tensor of a CLIP model in the order of OpenAI's {@code state_dict()} (clip/model.py):
 * the model's own {@code positional_embedding}, {@code text_projection} and {@code logit_scale},
 * then {@code visual.*}, {@code transformer.*}, {@code token_embedding.weight} and
 * {@code ln_final}. It is the one list of a model's tensors: clip-tf's graph builders create
 * exactly these (a test proves it for every preset), its checkpoint importers reject any state
 * dict that differs from it (naming each missing, unexpected or mis-shaped tensor), and
 * parameter counts are sums over it.
 *
 * @param entries parameters and buffers in state-dict order
 */
public record ParameterManifest(List<ParameterSpec> entries) {

  /** Copies the list. */
  public ParameterManifest {
    entries = List.copyOf(entries);
  }

  /** The manifest of {@code config}. */
  public static ParameterManifest of(ClipConfig config) {
    List<ParameterSpec> out = new ArrayList<>();
    TextConfig text = config.text();
    out.add(ParameterSpec.parameter("positional_embedding", text.contextLength(), text.width()));
    out.add(ParameterSpec.parameter("text_projection", text.width(), config.embedDim()));
    out.add(ParameterSpec.parameter("logit_scale"));
    if (config.vision() instanceof VitConfig v) {
      vit(out, v, config.embedDim());
    } else if (config.vision() instanceof ResNetConfig r) {
      resNet(out, r, config.embedDim());
    }
    transformer(out, "transformer.", text.width(), text.layers(), 4L * text.width());
    out.add(ParameterSpec.parameter("token_embedding.weight", text.vocabSize(), text.width()));
    layerNorm(out, "ln_final", text.width());
    return new ParameterManifest(out);
  }

  private static void vit(List<ParameterSpec> out, VitConfig v, int embedDim) {
    long w = v.width();
    long tokens = (long) v.gridSize() * v.gridSize() + 1;
    out.add(ParameterSpec.parameter("visual.class_embedding", w));
    out.add(ParameterSpec.parameter("visual.positional_embedding", tokens, w));
    out.add(ParameterSpec.parameter("visual.proj", w, embedDim));
    out.add(ParameterSpec.parameter("visual.conv1.weight", w, 3, v.patchSize(), v.patchSize()));
    layerNorm(out, "visual.ln_pre", w);
    transformer(out, "visual.transformer.", w, v.layers(), v.mlpWidth());
    layerNorm(out, "visual.ln_post", w);
  }

  private static void transformer(
      List<ParameterSpec> out, String prefix, long w, int layers, long mlp) {
    for (int i = 0; i < layers; i++) {
      String b = prefix + "resblocks." + i + ".";
      out.add(ParameterSpec.parameter(b + "attn.in_proj_weight", 3 * w, w));
      out.add(ParameterSpec.parameter(b + "attn.in_proj_bias", 3 * w));
      out.add(ParameterSpec.parameter(b + "attn.out_proj.weight", w, w));
      out.add(ParameterSpec.parameter(b + "attn.out_proj.bias", w));
      layerNorm(out, b + "ln_1", w);
      out.add(ParameterSpec.parameter(b + "mlp.c_fc.weight", mlp, w));
      out.add(ParameterSpec.parameter(b + "mlp.c_fc.bias", mlp));
      out.add(ParameterSpec.parameter(b + "mlp.c_proj.weight", w, mlp));
      out.add(ParameterSpec.parameter(b + "mlp.c_proj.bias", w));
      layerNorm(out, b + "ln_2", w);
    }
  }

  private static void resNet(List<ParameterSpec> out, ResNetConfig r, int embedDim) {
    long w = r.width();
    conv(out, "visual.conv1", w / 2, 3, 3);
    batchNorm(out, "visual.bn1", w / 2);
    conv(out, "visual.conv2", w / 2, w / 2, 3);
    batchNorm(out, "visual.bn2", w / 2);
    conv(out, "visual.conv3", w, w / 2, 3);
    batchNorm(out, "visual.bn3", w);
    long inplanes = w;
    for (int stage = 0; stage < 4; stage++) {
      long planes = w << stage;
      for (int i = 0; i < r.layers().get(stage); i++) {
        String b = "visual.layer" + (stage + 1) + "." + i + ".";
        conv(out, b + "conv1", planes, inplanes, 1);
        batchNorm(out, b + "bn1", planes);
        conv(out, b + "conv2", planes, planes, 3);
        batchNorm(out, b + "bn2", planes);
        conv(out, b + "conv3", 4 * planes, planes, 1);
        batchNorm(out, b + "bn3", 4 * planes);
        // clip/model.py Bottleneck: a projection shortcut when strided or widening.
        boolean strided = stage > 0 && i == 0;
        if (strided || inplanes != 4 * planes) {
          conv(out, b + "downsample.0", 4 * planes, inplanes, 1);
          batchNorm(out, b + "downsample.1", 4 * planes);
        }
        inplanes = 4 * planes;
      }
    }
    long c = 32 * w;
    long grid = r.gridSize();
    out.add(ParameterSpec.parameter("visual.attnpool.positional_embedding", grid * grid + 1, c));
    for (String p : List.of("k_proj", "q_proj", "v_proj")) {
      linear(out, "visual.attnpool." + p, c, c);
    }
    linear(out, "visual.attnpool.c_proj", embedDim, c);
  }

  private static void conv(List<ParameterSpec> out, String name, long cout, long cin, long k) {
    out.add(ParameterSpec.parameter(name + ".weight", cout, cin, k, k));
  }

  private static void linear(List<ParameterSpec> out, String name, long cout, long cin) {
    out.add(ParameterSpec.parameter(name + ".weight", cout, cin));
    out.add(ParameterSpec.parameter(name + ".bias", cout));
  }

  private static void layerNorm(List<ParameterSpec> out, String name, long w) {
    out.add(ParameterSpec.parameter(name + ".weight", w));
    out.add(ParameterSpec.parameter(name + ".bias", w));
  }

  private static void batchNorm(List<ParameterSpec> out, String name, long c) {
    out.add(ParameterSpec.parameter(name + ".weight", c));
    out.add(ParameterSpec.parameter(name + ".bias", c));
    out.add(ParameterSpec.buffer(name + ".running_mean", c));
    out.add(ParameterSpec.buffer(name + ".running_var", c));
    out.add(ParameterSpec.buffer(name + ".num_batches_tracked"));
  }

  /** The trainable parameters, in state-dict order. */
  public List<ParameterSpec> parameters() {
    return entries.stream().filter(e -> !e.buffer()).toList();
  }

  /** The buffers (BatchNorm running statistics and step counters), in state-dict order. */
  public List<ParameterSpec> buffers() {
    return entries.stream().filter(ParameterSpec::buffer).toList();
  }

  /** Trainable parameters of the whole model (what {@code model.parameters()} counts). */
  public long count() {
    return parameters().stream().mapToLong(ParameterSpec::count).sum();
  }

  /** Trainable parameters of the image tower ({@code visual.*}). */
  public long imageCount() {
    return parameters().stream().filter(ParameterSpec::image).mapToLong(ParameterSpec::count).sum();
  }

  /** Trainable parameters outside the image tower: the text tower and the logit scale. */
  public long textCount() {
    return count() - imageCount();
  }
}
