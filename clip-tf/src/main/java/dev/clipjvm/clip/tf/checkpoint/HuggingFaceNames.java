package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts Hugging Face {@code CLIPModel} tensor names (ViT image towers) to OpenAI names:
 * separate {@code q_proj/k_proj/v_proj} are concatenated into {@code in_proj_weight/bias},
 * {@code pre_layrnorm} (sic) becomes {@code ln_pre}, and the projections
 * {@code visual_projection.weight} / {@code text_projection.weight} ({@code [embed, width]}) are
 * transposed into {@code visual.proj} / {@code text_projection} ({@code [width, embed]}).
 */
public final class HuggingFaceNames {
  private static final Pattern LAYER =
      Pattern.compile("^(text|vision)_model\\.encoder\\.layers\\.(\\d+)\\.(.+)$");
  private static final Map<String, String> BLOCK = Map.of(
      "self_attn.out_proj.", "attn.out_proj.",
      "layer_norm1.", "ln_1.",
      "layer_norm2.", "ln_2.",
      "mlp.fc1.", "mlp.c_fc.",
      "mlp.fc2.", "mlp.c_proj.");
  private static final Map<String, String> FIXED = Map.ofEntries(
      Map.entry("text_model.embeddings.token_embedding.weight", "token_embedding.weight"),
      Map.entry("text_model.embeddings.position_embedding.weight", "positional_embedding"),
      Map.entry("text_model.final_layer_norm.weight", "ln_final.weight"),
      Map.entry("text_model.final_layer_norm.bias", "ln_final.bias"),
      Map.entry("vision_model.embeddings.class_embedding", "visual.class_embedding"),
      Map.entry("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"),
      Map.entry("vision_model.embeddings.position_embedding.weight",
          "visual.positional_embedding"),
      Map.entry("vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"),
      Map.entry("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"),
      Map.entry("vision_model.post_layernorm.weight", "visual.ln_post.weight"),
      Map.entry("vision_model.post_layernorm.bias", "visual.ln_post.bias"),
      Map.entry("logit_scale", "logit_scale"));

  private HuggingFaceNames() {}

  /** True if {@code tensors} use Hugging Face names. */
  public static boolean applies(Map<String, TensorData> tensors) {
    return tensors.keySet().stream().anyMatch(
        k -> k.startsWith("text_model.") || k.startsWith("vision_model."));
  }

  /** The same tensors under OpenAI names; unknown names are reported all at once. */
  public static Map<String, TensorData> toOpenAi(String source, Map<String, TensorData> hf) {
    Map<String, TensorData> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Map<String, TensorData[]> qkv = new LinkedHashMap<>();
    for (TensorData t : hf.values()) {
      String n = t.name();
      Matcher m = LAYER.matcher(n);
      if (FIXED.containsKey(n)) {
        out.put(FIXED.get(n), rename(t, FIXED.get(n)));
      } else if (n.equals("visual_projection.weight")) {
        out.put("visual.proj", transposed(t, "visual.proj"));
      } else if (n.equals("text_projection.weight")) {
        out.put("text_projection", transposed(t, "text_projection"));
      } else if (n.endsWith(".position_ids")) {
        continue; // an index buffer, not a weight
      } else if (m.matches()) {
        String prefix = (m.group(1).equals("text") ? "" : "visual.") + "transformer.resblocks."
            + m.group(2) + ".";
        String rest = m.group(3);
        Matcher q = Pattern.compile("^self_attn\\.([qkv])_proj\\.(weight|bias)$").matcher(rest);
        if (q.matches()) {
          String key = prefix + "attn.in_proj_" + q.group(2);
          qkv.computeIfAbsent(key, k -> new TensorData[3])["qkv".indexOf(q.group(1))] = t;
          continue;
        }
        String mapped = null;
        for (Map.Entry<String, String> e : BLOCK.entrySet()) {
          if (rest.startsWith(e.getKey())) {
            mapped = prefix + e.getValue() + rest.substring(e.getKey().length());
          }
        }
        if (mapped == null) {
          problems.add("unknown Hugging Face tensor " + n);
        } else {
          out.put(mapped, rename(t, mapped));
        }
      } else {
        problems.add("unknown Hugging Face tensor " + n);
      }
    }
    qkv.forEach((name, parts) -> {
      if (parts[0] == null || parts[1] == null || parts[2] == null) {
        problems.add(name + ": q_proj, k_proj and v_proj are not all present");
      } else {
        out.put(name, concatRows(name, parts));
      }
    });
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(source, problems);
    }
    return out;
  }

  private static TensorData rename(TensorData t, String name) {
    return new TensorData(name, t.dtype(), t.shape(), t.data());
  }

  private static TensorData transposed(TensorData t, String name) {
    long[] s = t.shape();
    float[] v = CheckpointValues.transpose(t.toFloats(), (int) s[0], (int) s[1]);
    return TensorData.ofFloats(name, new long[] {s[1], s[0]}, v);
  }

  private static TensorData concatRows(String name, TensorData[] parts) {
    long rows = 0;
    int total = 0;
    for (TensorData p : parts) {
      rows += p.dim(0);
      total += (int) p.size();
    }
    float[] v = new float[total];
    int at = 0;
    for (TensorData p : parts) {
      float[] f = p.toFloats();
      System.arraycopy(f, 0, v, at, f.length);
      at += f.length;
    }
    long[] shape = parts[0].shape();
    shape[0] = rows;
    return TensorData.ofFloats(name, shape, v);
  }
}
