package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.json.ModelJson;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Shared by the commands that take a model: resolving it and printing its size and cost. */
final class ModelArguments {
  private ModelArguments() {}

  /**
   * A preset name ({@code ViT-B/32}, {@code RN50x4}, ...) or the path of a JSON model config
   * (open_clip keys); a path that does not exist is read as a preset name.
   */
  static ClipConfig resolve(String nameOrFile) {
    Path file = Path.of(nameOrFile);
    if (nameOrFile.endsWith(".json") || Files.isRegularFile(file)) {
      return ConfigJson.readModel(file);
    }
    try {
      return ModelPresets.get(nameOrFile);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // names the known presets
    }
  }

  /** The estimate keys of {@code clip describe --json}, then the config under "config". */
  static ObjectNode estimateTree(ClipConfig config) {
    CostEstimate e = CostEstimate.of(config);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("params", e.params());
    out.put("image_params", e.imageParams());
    out.put("text_params", e.textParams());
    out.put("image_macs", e.imageMacs());
    out.put("text_macs", e.textMacs());
    out.set("config", ModelJson.write(config));
    return out;
  }

  /** One line describing the image encoder. */
  static String vision(ClipConfig c) {
    if (c.vision() instanceof VitConfig v) {
      return String.format(Locale.ROOT,
          "ViT: %d px, patch %d (%dx%d grid), width %d, %d layers, %d heads of %d, MLP %d",
          v.imageSize(), v.patchSize(), v.gridSize(), v.gridSize(), v.width(), v.layers(),
          v.heads(), v.headWidth(), v.mlpWidth());
    }
    ResNetConfig r = (ResNetConfig) c.vision();
    return String.format(Locale.ROOT,
        "ModifiedResNet: %d px, stages %s, width %d (output %d), attention pool %d heads of %d",
        r.imageSize(), r.layers(), r.width(), r.outputWidth(), r.heads(), r.headWidth());
  }

  /** One line describing the text encoder. */
  static String text(ClipConfig c) {
    TextConfig t = c.text();
    return String.format(Locale.ROOT,
        "Transformer: context %d, vocab %d, width %d, %d heads, %d layers",
        t.contextLength(), t.vocabSize(), t.width(), t.heads(), t.layers());
  }

  /** {@code n} with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code macs} in GMAC with two decimals. */
  static String gmacs(long macs) {
    return String.format(Locale.ROOT, "%.2f", macs / 1e9);
  }
}
