package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.api.model.Activation;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.api.model.TextConfig;
import dev.clipjvm.clip.api.model.VisionConfig;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a {@link ClipConfig} from the shapes of a state dict with OpenAI names, as the
 * reference {@code build_model} does: a ViT when {@code visual.proj} is present, otherwise a
 * ModifiedResNet; 64-wide attention heads; every shape it needs is reported at once if missing.
 * It reads only the few shapes that determine the architecture; the {@link Checkpoint} it feeds
 * then checks every tensor against that architecture's
 * {@link dev.clipjvm.clip.api.cost.ParameterManifest}, and a test infers every preset back from
 * its manifest's shapes, so the two cannot drift apart.
 */
public final class ArchitectureInference {
  private static final int HEAD_WIDTH = 64;

  private ArchitectureInference() {}

  /** The architecture of {@code tensors} with the given MLP activation. */
  public static ClipConfig infer(String source, Map<String, TensorData> tensors,
      Activation activation) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((name, t) -> shapes.put(name, t.shape()));
    return inferFromShapes(source, shapes, activation);
  }

  /** The architecture of a state dict given by its tensors' shapes (OpenAI names). */
  public static ClipConfig inferFromShapes(String source, Map<String, long[]> shapes,
      Activation activation) {
    Shapes s = new Shapes(shapes);
    VisionConfig vision = shapes.containsKey("visual.proj") ? vit(s) : resNet(s);
    long embed = s.dim("text_projection", 1);
    long ctx = s.dim("positional_embedding", 0);
    long vocab = s.dim("token_embedding.weight", 0);
    long width = s.dim("ln_final.weight", 0);
    int layers = count(shapes.keySet(), Pattern.compile("^transformer\\.resblocks\\.(\\d+)\\."));
    if (layers == 0) {
      s.problems.add("no text Transformer blocks (transformer.resblocks.N.*)");
    }
    if (!s.problems.isEmpty() || vision == null) {
      throw new CheckpointFormatException(source, s.problems);
    }
    TextConfig text = new TextConfig((int) ctx, (int) vocab, (int) width,
        (int) width / HEAD_WIDTH, layers);
    return ClipConfig.of((int) embed, vision, text, activation);
  }

  private static VisionConfig vit(Shapes s) {
    long width = s.dim("visual.conv1.weight", 0);
    long patch = s.dim("visual.conv1.weight", 3);
    long tokens = s.dim("visual.positional_embedding", 0);
    long hidden = s.dim("visual.transformer.resblocks.0.mlp.c_fc.weight", 0);
    int layers = count(s.tensors.keySet(),
        Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.attn\\.in_proj_weight$"));
    int grid = PositionalResize.grid(tokens);
    if (tokens > 0 && grid < 0) {
      s.problems.add("visual.positional_embedding has " + tokens + " rows, not 1 + a square");
    }
    if (!s.problems.isEmpty()) {
      return null;
    }
    return new VitConfig((int) (patch * grid), (int) patch, (int) width, layers, HEAD_WIDTH,
        (double) hidden / width);
  }

  private static VisionConfig resNet(Shapes s) {
    List<Integer> layers = new ArrayList<>();
    for (int b = 1; b <= 4; b++) {
      int n = count(s.tensors.keySet(), Pattern.compile("^visual\\.layer" + b + "\\.(\\d+)\\."));
      if (n == 0) {
        s.problems.add("neither visual.proj (ViT) nor visual.layer" + b + ".N.* (ResNet) found");
      }
      layers.add(n);
    }
    long width = s.dim("visual.layer1.0.conv1.weight", 0);
    long tokens = s.dim("visual.attnpool.positional_embedding", 0);
    int grid = PositionalResize.grid(tokens);
    if (tokens > 0 && grid < 0) {
      s.problems.add("visual.attnpool.positional_embedding has " + tokens
          + " rows, not 1 + a square");
    }
    if (!s.problems.isEmpty()) {
      return null;
    }
    return new ResNetConfig(layers, (int) width, HEAD_WIDTH, grid * 32);
  }

  private static int count(Set<String> names, Pattern p) {
    Set<Integer> seen = new TreeSet<>();
    for (String n : names) {
      Matcher m = p.matcher(n);
      if (m.find()) {
        seen.add(Integer.parseInt(m.group(1)));
      }
    }
    return seen.size();
  }

  /** Shape look-ups that collect every missing name instead of failing on the first. */
  private static final class Shapes {
    final Map<String, long[]> tensors;
    final List<String> problems = new ArrayList<>();

    Shapes(Map<String, long[]> tensors) {
      this.tensors = tensors;
    }

    long dim(String name, int axis) {
      long[] t = tensors.get(name);
      if (t == null) {
        problems.add("missing " + name + " (needed to infer the architecture)");
        return -1;
      }
      if (t.length <= axis) {
        problems.add(name + " has rank " + t.length + ", expected more than " + axis);
        return -1;
      }
      return t[axis];
    }
  }
}
