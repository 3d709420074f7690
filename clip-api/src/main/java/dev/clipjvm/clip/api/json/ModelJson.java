package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VisionConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.of;
import static java.util.Map.entry;

import dev.clipjvm.clip.api.json.ConfigSchema.Doc;
import java.util.List;
import java.util.Map;
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
  private ModelJson() {}

  /** The reference of the model keys (docs/configuration.md is generated from it). */
  private static final Map<String, Doc> DOCS = Map.ofEntries(
      entry("embed_dim", of("width of the joint embedding space; positive")),
      entry("quick_gelu", of("`true`: QuickGELU `x * sigmoid(1.702 x)` as OpenAI's released "
          + "models; `false`: GELU as open_clip")),
      entry("init_logit_scale", Doc.of("number", "ln(1/0.07) = 2.659...", "initial log "
          + "temperature; `exp` of it must not exceed `max_logit_scale`")),
      entry("max_logit_scale", of("cap of `exp(logit_scale)` (paper section 2.5); not an "
          + "open_clip key")),
      entry("vision_cfg", of("the image tower")),
      entry("vision_cfg.layers", Doc.of("integer or list of 4 integers", ConfigSchema.REQUIRED,
          "an integer selects a ViT (its number of blocks); a list of 4 stage depths selects "
          + "a ModifiedResNet")),
      entry("vision_cfg.image_size", of("input side in pixels; ViT: a multiple of "
          + "`patch_size`; ResNet: a multiple of 32; at most 2048")),
      entry("vision_cfg.width", of("ViT: residual width, a multiple of `head_width`; ResNet: "
          + "stem width, `32 * width` divisible by `head_width`; at most 8192")),
      entry("vision_cfg.head_width", of("width of one attention head (a ResNet's attention "
          + "pool has `32 * width / head_width` heads)")),
      entry("vision_cfg.patch_size", Doc.of("integer", "required for a ViT", "patch side; "
          + "a ResNet leaves it out or gives `null` (as open_clip's RN files)")),
      entry("vision_cfg.mlp_ratio", of("ViT only: MLP hidden width = `width * mlp_ratio`, "
          + "which must be whole; at most 64")),
      entry("text_cfg", of("the text tower")),
      entry("text_cfg.context_length", of("tokens per text, start and end included; at most "
          + "4096")),
      entry("text_cfg.vocab_size", of("BPE vocabulary size; at most 2^24")),
      entry("text_cfg.width", of("residual width, a multiple of `heads`")),
      entry("text_cfg.heads", of("attention heads; positive")),
      entry("text_cfg.layers", of("residual blocks; at most 256")));

  /** Reads a model from {@code f}, reporting problems into its collector; null if invalid. */
  public static ClipConfig read(JsonFields f) {
    f.document(DOCS);
    int embedDim = f.integer("embed_dim");
    Activation activation = f.bool("quick_gelu", false) ? Activation.QUICK_GELU : Activation.GELU;
    double init = f.number("init_logit_scale", ClipConfig.DEFAULT_INIT_LOGIT_SCALE);
    double max = f.number("max_logit_scale", ClipConfig.DEFAULT_MAX_LOGIT_SCALE);
    VisionConfig vision = vision(f.object("vision_cfg"));
    TextConfig text = text(f.object("text_cfg"));
    return f.build(() -> new ClipConfig(embedDim, vision, text, activation, init, max));
  }

  private static VisionConfig vision(JsonFields v) {
    Optional<JsonNode> layers = v.value("layers");
    int imageSize = v.integer("image_size");
    int width = v.integer("width");
    int headWidth = v.integer("head_width", 64);
    if (layers.isPresent() && layers.get().isArray()) {
      List<Integer> stages = v.integers("layers", layers.get());
      v.value("patch_size").ifPresent(p -> v.problem("patch_size",
          "a ResNet (layers is a list) has no patch size"));
      v.value("mlp_ratio").ifPresent(p -> v.problem("mlp_ratio",
          "a ResNet (layers is a list) has no MLP"));
      return v.build(() -> new ResNetConfig(stages, width, headWidth, imageSize));
    }
    int depth = layers.isPresent() ? v.integer("layers") : 0;
    if (layers.isEmpty()) {
      v.problem("layers", "is missing (an integer for a ViT, a list of 4 for a ResNet)");
    }
    int patchSize = v.integer("patch_size");
    double mlpRatio = v.number("mlp_ratio", 4.0);
    return v.build(() -> new VitConfig(imageSize, patchSize, width, depth, headWidth, mlpRatio));
  }

  private static TextConfig text(JsonFields t) {
    int context = t.integer("context_length", 77);
    int vocab = t.integer("vocab_size", 49408);
    int width = t.integer("width");
    int heads = t.integer("heads");
    int layers = t.integer("layers");
    return t.build(() -> new TextConfig(context, vocab, width, heads, layers));
  }

  /** Writes every field of {@code config}, defaults included. */
  public static ObjectNode write(ClipConfig config) {
    ObjectNode root = Json.object();
    root.put("embed_dim", config.embedDim());
    root.put("quick_gelu", config.activation() == Activation.QUICK_GELU);
    root.put("init_logit_scale", config.initLogitScale());
    root.put("max_logit_scale", config.maxLogitScale());
    ObjectNode v = root.putObject("vision_cfg").put("image_size", config.vision().imageSize());
    if (config.vision() instanceof VitConfig vit) {
      v.put("layers", vit.layers()).put("width", vit.width()).put("patch_size", vit.patchSize())
          .put("head_width", vit.headWidth()).put("mlp_ratio", vit.mlpRatio());
    } else if (config.vision() instanceof ResNetConfig rn) {
      rn.layers().forEach(v.putArray("layers")::add);
      v.put("width", rn.width()).put("head_width", rn.headWidth());
    }
    TextConfig t = config.text();
    root.putObject("text_cfg").put("context_length", t.contextLength())
        .put("vocab_size", t.vocabSize()).put("width", t.width()).put("heads", t.heads())
        .put("layers", t.layers());
    return root;
  }
}
