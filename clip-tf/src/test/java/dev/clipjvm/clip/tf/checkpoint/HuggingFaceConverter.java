package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Test helper: renames an OpenAI ViT state dict the way Hugging Face's conversion script lays
 * out {@code CLIPModel} (q/k/v split, {@code pre_layrnorm}, projections as {@code [embed, width]}
 * linear weights), written independently of {@link HuggingFaceNames}.
 */
final class HuggingFaceConverter {
  private HuggingFaceConverter() {}

  static List<TensorData> toHuggingFace(Map<String, TensorData> openAi) {
    List<TensorData> out = new ArrayList<>();
    for (TensorData t : openAi.values()) {
      String n = t.name();
      if (n.equals("visual.proj")) {
        out.add(transposed("visual_projection.weight", t));
      } else if (n.equals("text_projection")) {
        out.add(transposed("text_projection.weight", t));
      } else if (n.endsWith("attn.in_proj_weight") || n.endsWith("attn.in_proj_bias")) {
        String base = layer(n.substring(0, n.indexOf(".attn."))) + ".self_attn.";
        String kind = n.endsWith("weight") ? "weight" : "bias";
        float[] v = t.toFloats();
        int third = v.length / 3;
        long[] shape = t.shape();
        shape[0] /= 3;
        for (int i = 0; i < 3; i++) {
          out.add(TensorData.ofFloats(base + "qkv".charAt(i) + "_proj." + kind, shape,
              Arrays.copyOfRange(v, i * third, (i + 1) * third)));
        }
      } else {
        out.add(new TensorData(rename(n), t.dtype(), t.shape(), t.data()));
      }
    }
    out.add(TensorData.ofLongs("text_model.embeddings.position_ids", new long[] {1, 3},
        new long[] {0, 1, 2}));
    return out;
  }

  private static String layer(String resblock) {
    String tower = resblock.startsWith("visual.") ? "vision_model" : "text_model";
    return tower + ".encoder.layers." + resblock.substring(resblock.lastIndexOf('.') + 1);
  }

  private static String rename(String n) {
    if (n.contains("transformer.resblocks.")) {
      int at = n.indexOf("transformer.resblocks.") + "transformer.resblocks.".length();
      String idx = n.substring(at, n.indexOf('.', at));
      String rest = n.substring(n.indexOf('.', at) + 1).replace("ln_1", "layer_norm1")
          .replace("ln_2", "layer_norm2").replace("mlp.c_fc", "mlp.fc1")
          .replace("mlp.c_proj", "mlp.fc2").replace("attn.out_proj", "self_attn.out_proj");
      return layer(n.substring(0, at) + idx) + "." + rest;
    }
    return switch (n) {
      case "token_embedding.weight" -> "text_model.embeddings.token_embedding.weight";
      case "positional_embedding" -> "text_model.embeddings.position_embedding.weight";
      case "ln_final.weight" -> "text_model.final_layer_norm.weight";
      case "ln_final.bias" -> "text_model.final_layer_norm.bias";
      case "visual.class_embedding" -> "vision_model.embeddings.class_embedding";
      case "visual.conv1.weight" -> "vision_model.embeddings.patch_embedding.weight";
      case "visual.positional_embedding" -> "vision_model.embeddings.position_embedding.weight";
      case "visual.ln_pre.weight" -> "vision_model.pre_layrnorm.weight";
      case "visual.ln_pre.bias" -> "vision_model.pre_layrnorm.bias";
      case "visual.ln_post.weight" -> "vision_model.post_layernorm.weight";
      case "visual.ln_post.bias" -> "vision_model.post_layernorm.bias";
      default -> n;
    };
  }

  private static TensorData transposed(String name, TensorData t) {
    long[] s = t.shape();
    float[] v = t.toFloats();
    float[] o = new float[v.length];
    for (int r = 0; r < s[0]; r++) {
      for (int c = 0; c < s[1]; c++) {
        o[(int) (c * s[0] + r)] = v[(int) (r * s[1] + c)];
      }
    }
    return TensorData.ofFloats(name, new long[] {s[1], s[0]}, o);
  }
}
