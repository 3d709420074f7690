package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VisionConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClipConfig} as JSON with open_clip's model-config keys ({@code embed_dim},
 * {@code quick_gelu}, {@code vision_cfg}, {@code text_cfg}). {@code vision_cfg.layers} is an
 * integer for a ViT and a list of 4 stage depths for a ModifiedResNet. Defaults when a key is
 * absent, as in open_clip: {@code quick_gelu} false (GELU), {@code head_width} 64,
 * {@code mlp_ratio} 4, {@code context_length} 77, {@code vocab_size} 49408,
 * {@code init_logit_scale} ln(1/0.07); {@code max_logit_scale} (ours) 100. A ResNet's
 * {@code patch_size} may be {@code null}, as in open_clip's RN configs.
 */
public final class ModelJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ModelJson() {}

  /** Reads a model from {@code f}, reporting problems into its collector; null if invalid. */
  public static ClipConfig read(JsonFields f) {
    int embedDim = f.integer("embed_dim");
    Activation activation = f.bool("quick_gelu", false) ? Activation.QUICK_GELU : Activation.GELU;
    double init = f.number("init_logit_scale", ClipConfig.DEFAULT_INIT_LOGIT_SCALE);
    double max = f.number("max_logit_scale", ClipConfig.DEFAULT_MAX_LOGIT_SCALE);
    VisionConfig vision = vision(f.object("vision_cfg"));
    TextConfig text = text(f.object("text_cfg"));
    f.finish();
    return f.build(() -> new ClipConfig(embedDim, vision, text, activation, init, max));
  }

  private static VisionConfig vision(JsonFields v) {
    Optional<JsonNode> layers = v.value("layers");
    int imageSize = v.integer("image_size");
    int width = v.integer("width");
    int headWidth = v.integer("head_width", 64);
    VisionConfig out;
    if (layers.isPresent() && layers.get().isArray()) {
      List<Integer> stages = v.integers("layers", layers.get());
      v.value("patch_size").ifPresent(p -> v.problem("patch_size",
          "a ResNet (layers is a list) has no patch size"));
      v.value("mlp_ratio").ifPresent(p -> v.problem("mlp_ratio",
          "a ResNet (layers is a list) has no MLP"));
      v.finish();
      out = v.build(() -> new ResNetConfig(stages, width, headWidth, imageSize));
    } else {
      int depth = layers.isPresent() ? v.integer("layers") : 0;
      if (layers.isEmpty() && v.present()) {
        v.problem("layers", "is missing (an integer for a ViT, a list of 4 for a ResNet)");
      }
      int patchSize = v.integer("patch_size");
      double mlpRatio = v.number("mlp_ratio", 4.0);
      v.finish();
      out = v.build(() -> new VitConfig(imageSize, patchSize, width, depth, headWidth, mlpRatio));
    }
    return out;
  }

  private static TextConfig text(JsonFields t) {
    int context = t.integer("context_length", 77);
    int vocab = t.integer("vocab_size", 49408);
    int width = t.integer("width");
    int heads = t.integer("heads");
    int layers = t.integer("layers");
    t.finish();
    return t.build(() -> new TextConfig(context, vocab, width, heads, layers));
  }

  /** Writes every field of {@code config}, defaults included. */
  public static ObjectNode write(ClipConfig config) {
    ObjectNode root = NODES.objectNode();
    root.put("embed_dim", config.embedDim());
    root.put("quick_gelu", config.activation() == Activation.QUICK_GELU);
    root.put("init_logit_scale", config.initLogitScale());
    root.put("max_logit_scale", config.maxLogitScale());
    root.set("vision_cfg", vision(config.vision()));
    TextConfig t = config.text();
    ObjectNode text = root.putObject("text_cfg");
    text.put("context_length", t.contextLength());
    text.put("vocab_size", t.vocabSize());
    text.put("width", t.width());
    text.put("heads", t.heads());
    text.put("layers", t.layers());
    return root;
  }

  private static ObjectNode vision(VisionConfig vision) {
    ObjectNode v = NODES.objectNode();
    v.put("image_size", vision.imageSize());
    if (vision instanceof VitConfig vit) {
      v.put("layers", vit.layers());
      v.put("width", vit.width());
      v.put("patch_size", vit.patchSize());
      v.put("head_width", vit.headWidth());
      v.put("mlp_ratio", vit.mlpRatio());
    } else if (vision instanceof ResNetConfig rn) {
      rn.layers().forEach(v.putArray("layers")::add);
      v.put("width", rn.width());
      v.put("head_width", rn.headWidth());
    }
    return v;
  }
}
