// Notebook: load a checkpoint in Hugging Face's CLIPModel layout.
//   ./clip jshell clip-examples/notebooks/hugging-face-checkpoint.jsh
// Builds a tiny checkpoint twice, once with OpenAI's tensor names and once converted the way
// Hugging Face's conversion script lays out CLIPModel (q/k/v split, "pre_layrnorm",
// projections as [embed, width] linear weights), loads both and checks they encode the same.
// Needs no download; a few seconds. A real one (model.safetensors of openai/clip-vit-base-patch32
// on the Hugging Face hub, with its vocab.json and merges.txt) loads with the same call.

import dev.clipjvm.clip.api.cost.*;
import dev.clipjvm.clip.api.model.*;
import dev.clipjvm.clip.data.tensor.*;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import java.nio.file.*;
import java.util.*;

// A tiny ViT CLIP: 32-pixel images in 16-pixel patches, two layers per tower, 64-wide heads.
ClipConfig tiny = ClipConfig.of(32, VitConfig.of(32, 16, 128, 2),
    new TextConfig(16, 500, 128, 2, 2), Activation.QUICK_GELU);

// Seeded random weights with OpenAI's names and PyTorch layouts, from the parameter manifest
// (the one list of every tensor a model of this config has).
Random random = new Random(5);
List<TensorData> openAi = new ArrayList<>();
for (ParameterSpec p : ParameterManifest.of(tiny).entries()) {
  long n = Arrays.stream(p.shape()).reduce(1, (a, b) -> a * b);
  float[] v = new float[Math.toIntExact(n)];
  for (int i = 0; i < v.length; i++) v[i] = (float) (random.nextGaussian() * 0.05);
  if (p.name().equals("logit_scale")) v[0] = (float) Math.log(1 / 0.07);
  openAi.add(TensorData.ofFloats(p.name(), p.shape(), v));
}

// Hugging Face's names for the same tensors.
TensorData transposed(String name, TensorData t) {
  long[] s = t.shape();
  float[] v = t.toFloats(), o = new float[v.length];
  for (int r = 0; r < s[0]; r++)
    for (int c = 0; c < s[1]; c++) o[(int) (c * s[0] + r)] = v[(int) (r * s[1] + c)];
  return TensorData.ofFloats(name, new long[] {s[1], s[0]}, o);
}
String layer(String name) { // visual.transformer.resblocks.3.x -> vision_model.encoder.layers.3.x
  String tower = name.startsWith("visual.") ? "vision_model" : "text_model";
  String rest = name.substring(name.indexOf("resblocks.") + "resblocks.".length());
  return tower + ".encoder.layers." + rest.replace("ln_1", "layer_norm1")
      .replace("ln_2", "layer_norm2").replace("mlp.c_fc", "mlp.fc1")
      .replace("mlp.c_proj", "mlp.fc2").replace("attn.out_proj", "self_attn.out_proj");
}
Map<String, String> fixed = Map.ofEntries(
    Map.entry("token_embedding.weight", "text_model.embeddings.token_embedding.weight"),
    Map.entry("positional_embedding", "text_model.embeddings.position_embedding.weight"),
    Map.entry("ln_final.weight", "text_model.final_layer_norm.weight"),
    Map.entry("ln_final.bias", "text_model.final_layer_norm.bias"),
    Map.entry("visual.class_embedding", "vision_model.embeddings.class_embedding"),
    Map.entry("visual.conv1.weight", "vision_model.embeddings.patch_embedding.weight"),
    Map.entry("visual.positional_embedding", "vision_model.embeddings.position_embedding.weight"),
    Map.entry("visual.ln_pre.weight", "vision_model.pre_layrnorm.weight"),
    Map.entry("visual.ln_pre.bias", "vision_model.pre_layrnorm.bias"),
    Map.entry("visual.ln_post.weight", "vision_model.post_layernorm.weight"),
    Map.entry("visual.ln_post.bias", "vision_model.post_layernorm.bias"),
    Map.entry("logit_scale", "logit_scale"));
List<TensorData> hf = new ArrayList<>();
for (TensorData t : openAi) {
  String n = t.name();
  if (n.equals("visual.proj")) hf.add(transposed("visual_projection.weight", t));
  else if (n.equals("text_projection")) hf.add(transposed("text_projection.weight", t));
  else if (n.endsWith("attn.in_proj_weight") || n.endsWith("attn.in_proj_bias")) {
    String base = layer(n.substring(0, n.indexOf(".attn."))) + ".self_attn.";
    float[] v = t.toFloats();
    long[] shape = t.shape();
    shape[0] /= 3;
    for (int i = 0; i < 3; i++) {
      hf.add(TensorData.ofFloats(base + "qkv".charAt(i) + "_proj." + (n.endsWith("weight") ? "weight" : "bias"),
          shape, Arrays.copyOfRange(v, i * v.length / 3, (i + 1) * v.length / 3)));
    }
  } else if (n.contains("resblocks.")) hf.add(t.withName(layer(n)));
  else hf.add(t.withName(fixed.get(n)));
}

// Output goes under the folder the system property clip.notebook.dir names (the tests set it),
// else under the system's temporary folder.
Path scratch = Path.of(System.getProperty("clip.notebook.dir", System.getProperty("java.io.tmpdir")));
Path dir = Files.createTempDirectory(scratch, "clip-notebook-hf-");
Path openAiFile = dir.resolve("openai.safetensors"), hfFile = dir.resolve("model.safetensors");
Safetensors.write(openAiFile, openAi, Map.of());
Safetensors.write(hfFile, hf, Map.of("format", "pt"));
System.out.println("Hugging Face names, e.g.: " + hf.stream().map(TensorData::name)
    .filter(s -> s.contains("layers.0.self_attn")).sorted().toList());

// Loading infers the architecture from the tensors' shapes and maps the names back.
Checkpoint read = Checkpoint.read(hfFile);
System.out.println("inferred: " + read.config().equals(tiny) + " " + read.config());

// The two files encode alike: token ids below the vocabulary size of 500, each row ending at
// its largest id (the end-of-text token, where the text features are read), and images.
int[][] texts = {{1, 17, 42, 499}, {1, 300, 499}};
float[] images = new float[2 * 3 * 32 * 32];
for (int i = 0; i < images.length; i++) images[i] = (float) random.nextGaussian();
double worst = 0;
try (ClipEncoder a = ClipEncoder.load(openAiFile); ClipEncoder b = ClipEncoder.load(hfFile)) {
  float[][] pairs = {a.encodeTexts(texts)[0], b.encodeTexts(texts)[0],
      a.encodeImages(images, 2)[1], b.encodeImages(images, 2)[1]};
  for (int k = 0; k < 4; k += 2)
    for (int i = 0; i < pairs[k].length; i++)
      worst = Math.max(worst, Math.abs(pairs[k][i] - pairs[k + 1][i]));
}
System.out.printf("largest difference between the two files' features: %.2e%n", worst);
if (!read.config().equals(tiny) || worst > 1e-6) {
  throw new AssertionError("the Hugging Face layout did not load as the OpenAI one");
}
