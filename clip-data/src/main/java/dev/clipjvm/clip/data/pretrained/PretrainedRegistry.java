package dev.clipjvm.clip.data.pretrained;

import dev.clipjvm.clip.data.image.Normalization;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The released CLIP checkpoints this library knows by name. Names match case-insensitively and
 * {@code /}, {@code @} and {@code -} are interchangeable, with a trailing {@code px} ignored (the
 * rules of {@code ModelPresets}), so {@code ViT-L/14@336px}, {@code ViT-L/14@336} and
 * {@code vit-l-14-336} are one model.
 */
public final class PretrainedRegistry {
  private static final String OPENAI_CDN = "https://openaipublic.azureedge.net/clip/models/";
  private static final String HUB = "https://huggingface.co/";

  // OpenAI's nine models: URL and SHA-256 (the hash is the URL's second-to-last path segment) from
  // _MODELS in clip/clip.py of github.com/openai/CLIP (commit d05afc4); resolutions are the
  // visual input_resolution clip/model.py build_model() derives from each state dict (equal to
  // ModelPresets, a test checks); mean/std and the 77-token context are clip.py's _transform and
  // tokenize(). OpenAI names the last model ViT-L/14@336px; the trailing px is optional here.
  private static final List<PretrainedModel> MODELS = List.of(
      openAi("RN50", 224, "afeb0e10f9e5a86da6080e35cf09123aca3b358a0c3e3b6c78a7b63bc04b6762"),
      openAi("RN101", 224, "8fa8567bab74a42d41c5915025a8e4538c3bdbe8804a470a72f30b0d94fab599"),
      openAi("RN50x4", 288, "7e526bd135e493cef0776de27d5f42653e6b4c8bf9e0f653bb11773263205fdd"),
      openAi("RN50x16", 384, "52378b407f34354e150460fe41077663dd5b39c54cd0bfd2b27167a4a06ec9aa"),
      openAi("RN50x64", 448, "be1cfb55d75a9666199fb2206c106743da0f6468c9d327f3e0d0a543a9919d9c"),
      openAi("ViT-B/32", 224, "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af"),
      openAi("ViT-B/16", 224, "5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f"),
      openAi("ViT-L/14", 224, "b8cca3fd41ae0c99ba7e8951adf17d267cdb84cd88be6f7c2e0eca1737a03836"),
      openAi("ViT-L/14@336", 336,
          "3035c92b350959924f9f00213499208652fc7ea050643e8b385c2dac08641f02"),
      // The same four ViTs converted to Hugging Face's CLIPModel (huggingface.co/openai/...):
      // model.safetensors at the main revision; resolution and mean/std from each repository's
      // preprocessor_config.json, context from config.json (max_position_embeddings 77). The hub
      // publishes no hash beside the id: see ExpectedHash.FromServer.
      hub("openai/clip-vit-base-patch32", "ViT-B/32", 224),
      hub("openai/clip-vit-base-patch16", "ViT-B/16", 224),
      hub("openai/clip-vit-large-patch14", "ViT-L/14", 224),
      hub("openai/clip-vit-large-patch14-336", "ViT-L/14@336", 336));

  private PretrainedRegistry() {}

  private static PretrainedModel openAi(String name, int imageSize, String sha256) {
    // OpenAI's file names: '/' becomes '-', and the 336 model's name keeps its "px".
    String file = name.replace('/', '-').replace("@336", "-336px") + ".pt";
    return new PretrainedModel(name, name, Source.OPENAI,
        URI.create(OPENAI_CDN + sha256 + "/" + file), new ExpectedHash.Published(sha256),
        imageSize, Normalization.CLIP, 77);
  }

  private static PretrainedModel hub(String id, String preset, int imageSize) {
    return new PretrainedModel(id, preset, Source.HUGGING_FACE,
        URI.create(HUB + id + "/resolve/main/model.safetensors"), new ExpectedHash.FromServer(),
        imageSize, Normalization.CLIP, 77);
  }

  /** Every known checkpoint, OpenAI's first, in table order. */
  public static List<PretrainedModel> all() {
    return MODELS;
  }

  /** The names of {@link #all()}, in table order. */
  public static List<String> names() {
    return MODELS.stream().map(PretrainedModel::name).toList();
  }

  /** The checkpoint called {@code name} (spelling rules in the class comment), if known. */
  public static Optional<PretrainedModel> find(String name) {
    String key = normalize(name);
    return MODELS.stream().filter(m -> normalize(m.name()).equals(key)).findFirst();
  }

  /**
   * The checkpoint called {@code name}.
   *
   * @throws UnknownModelException naming the known models when there is no such checkpoint
   */
  public static PretrainedModel get(String name) throws UnknownModelException {
    Optional<PretrainedModel> model = find(name);
    if (model.isEmpty()) {
      throw new UnknownModelException(name, names());
    }
    return model.get();
  }

  private static String normalize(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('/', '-').replace('@', '-');
    return n.endsWith("px") ? n.substring(0, n.length() - 2) : n;
  }
}
