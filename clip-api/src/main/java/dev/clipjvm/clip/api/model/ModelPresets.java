package dev.clipjvm.clip.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Named model configurations: OpenAI's nine released CLIP models and small CPU models for tests
 * and the demo. Names match case-insensitively, and {@code /}, {@code @} and {@code -} are
 * interchangeable, so {@code ViT-B/32}, {@code vit-b-32} and open_clip's {@code ViT-L-14-336}
 * all resolve; a trailing {@code px} is ignored ({@code ViT-L/14@336px}).
 */
public final class ModelPresets {
  private static final Map<String, ClipConfig> PRESETS = table();

  private ModelPresets() {}

  private static Map<String, ClipConfig> table() {
    Map<String, ClipConfig> t = new LinkedHashMap<>();
    // OpenAI's released models: hyperparameters as clip/model.py build_model() derives them
    // from the released state dicts (github.com/openai/CLIP), equal to open_clip's
    // model_configs/*.json with quick_gelu: true. Every text tower: context 77, vocab 49408,
    // 12 layers, 64-wide heads.
    t.put("RN50", openAi(1024, rn(224, 64, 3, 4, 6, 3), 512));
    t.put("RN101", openAi(512, rn(224, 64, 3, 4, 23, 3), 512));
    t.put("RN50x4", openAi(640, rn(288, 80, 4, 6, 10, 6), 640));
    t.put("RN50x16", openAi(768, rn(384, 96, 6, 8, 18, 8), 768));
    t.put("RN50x64", openAi(1024, rn(448, 128, 3, 15, 36, 10), 1024));
    t.put("ViT-B/32", openAi(512, VitConfig.of(224, 32, 768, 12), 512));
    t.put("ViT-B/16", openAi(512, VitConfig.of(224, 16, 768, 12), 512));
    t.put("ViT-L/14", openAi(768, VitConfig.of(224, 14, 1024, 24), 768));
    t.put("ViT-L/14@336", openAi(768, VitConfig.of(336, 14, 1024, 24), 768));
    // Parity fixtures: the hyperparameters of ../shared/reference/{vit-tiny,rn-tiny}/config.json
    // (the reference CLIP class at reduced size, seeded random weights).
    t.put("tiny-vit", tiny(VitConfig.of(64, 16, 128, 2), 77));
    t.put("tiny-rn", tiny(rn(64, 16, 1, 1, 1, 1), 77));
    // This project's demo: a small ViT on 64-pixel images with a short text context, sized to
    // train in minutes on 2 CPU cores.
    t.put("demo-vit", ClipConfig.of(128, VitConfig.of(64, 8, 128, 4),
        new TextConfig(32, 49408, 128, 2, 4), Activation.QUICK_GELU));
    return t;
  }

  private static ResNetConfig rn(int imageSize, int width, Integer... layers) {
    return new ResNetConfig(List.of(layers), width, 64, imageSize);
  }

  private static ClipConfig openAi(int embedDim, VisionConfig vision, int textWidth) {
    return ClipConfig.of(embedDim, vision, new TextConfig(77, 49408, textWidth, textWidth / 64, 12),
        Activation.QUICK_GELU);
  }

  private static ClipConfig tiny(VisionConfig vision, int contextLength) {
    return ClipConfig.of(64, vision, new TextConfig(contextLength, 49408, 128, 2, 2),
        Activation.QUICK_GELU);
  }

  /** The preset names in table order (OpenAI's models first). */
  public static List<String> names() {
    return List.copyOf(PRESETS.keySet());
  }

  /** The preset called {@code name} (spelling rules in the class comment), if there is one. */
  public static Optional<ClipConfig> find(String name) {
    String key = normalize(name);
    return PRESETS.entrySet().stream()
        .filter(e -> normalize(e.getKey()).equals(key))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * The preset called {@code name}.
   *
   * @throws IllegalArgumentException naming the known presets when there is no such preset
   */
  public static ClipConfig get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown model preset '" + name + "'; known presets: " + String.join(", ", names())));
  }

  private static String normalize(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('/', '-').replace('@', '-');
    return n.endsWith("px") ? n.substring(0, n.length() - 2) : n;
  }
}
