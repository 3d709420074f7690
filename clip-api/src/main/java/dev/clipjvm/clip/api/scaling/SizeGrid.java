package dev.clipjvm.clip.api.scaling;

import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.VisionConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Valid sizes of an image encoder near a scaled target: widths in multiples of the head width
 * (ViT) or of 8 (ResNet stem width, so the attention pool's {@code 32 * width} splits into
 * 64-wide heads and the stem's {@code width / 2} is whole), resolutions in multiples of the
 * patch size (ViT) or of 32 (ResNet), depths rounded per stage (at least one block each).
 */
final class SizeGrid {
  /** Neighbouring sizes tried on each side of the rounded target. */
  static final int REACH = 3;

  private SizeGrid() {}

  static int widthLimit(VisionConfig v) {
    return v instanceof VitConfig ? Limits.MAX_WIDTH : Limits.MAX_RESNET_WIDTH;
  }

  static int widthQuantum(VisionConfig v) {
    return v instanceof VitConfig vit ? vit.headWidth() : 8;
  }

  static int resolutionQuantum(VisionConfig v) {
    return v instanceof VitConfig vit ? vit.patchSize() : 32;
  }

  static int width(VisionConfig v) {
    return v instanceof VitConfig vit ? vit.width() : ((ResNetConfig) v).width();
  }

  static int blocks(VisionConfig v) {
    return v instanceof VitConfig vit
        ? vit.layers() : ((ResNetConfig) v).layers().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Multiples of {@code quantum} nearest {@code base * factor}, and neighbours when searching;
   * a target above {@code limit} is refused naming {@code axis} before any rounding could wrap.
   */
  static List<Integer> multiples(String axis, int base, double factor, int quantum, int limit,
      boolean search) {
    checkLimit(axis, base, factor, limit);
    long nearest = Math.max(1, Math.round(base * factor / quantum));
    List<Integer> out = new ArrayList<>();
    int reach = search ? REACH : 0;
    for (long k = Math.max(1, nearest - reach); k <= nearest + reach; k++) {
      out.add((int) (k * quantum));
    }
    return out;
  }

  private static void checkLimit(String axis, int base, double factor, int limit) {
    if (!(base * factor <= limit)) {
      throw InvalidConfigException.of(axis, String.format(Locale.ROOT, "factor %s gives %.6g "
          + "(%d x %s), more than the limit %d", factor, base * factor, base, factor, limit));
    }
  }

  /**
   * Depth settings near {@code factor}, each a list of block counts: one entry (layers) for a
   * ViT, four stage depths for a ResNet.
   */
  static List<List<Integer>> depths(VisionConfig v, double factor, boolean search) {
    Set<List<Integer>> out = new LinkedHashSet<>();
    if (v instanceof VitConfig vit) {
      multiples("depth", vit.layers(), factor, 1, Limits.MAX_LAYERS, search)
          .forEach(n -> out.add(List.of(n)));
    } else {
      List<Integer> stages = ((ResNetConfig) v).layers();
      stages.forEach(n -> checkLimit("depth", n, factor, Limits.MAX_LAYERS));
      int steps = search ? 30 : 0;
      for (int k = -steps; k <= steps; k++) {
        double f = factor * Math.pow(1.02, k);
        out.add(stages.stream().map(n -> (int) Math.max(1, Math.round(n * f))).toList());
      }
    }
    return List.copyOf(out);
  }

  /** The base encoder resized; {@code depth} is one of {@link #depths}. */
  static VisionConfig resize(VisionConfig v, int width, List<Integer> depth, int resolution) {
    if (v instanceof VitConfig vit) {
      return new VitConfig(
          resolution, vit.patchSize(), width, depth.get(0), vit.headWidth(), vit.mlpRatio());
    }
    return new ResNetConfig(depth, width, ((ResNetConfig) v).headWidth(), resolution);
  }
}
