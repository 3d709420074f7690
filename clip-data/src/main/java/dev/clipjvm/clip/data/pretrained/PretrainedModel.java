package dev.clipjvm.clip.data.pretrained;

import dev.clipjvm.clip.data.image.Normalization;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One released checkpoint: where it is published, how it is verified, and the processing it was
 * trained with.
 *
 * @param name the name users type: OpenAI's model name ({@code ViT-B/32}) or a Hugging Face hub
 *     id ({@code openai/clip-vit-base-patch32})
 * @param preset the architecture's name in {@code ModelPresets} ({@code ViT-L/14@336})
 * @param source where the file is published (decides its format and cache sub-directory)
 * @param url the published URL
 * @param hash what the downloaded bytes are checked against
 * @param imageSize the square input resolution in pixels
 * @param normalization the per-channel mean and standard deviation of the image transform
 * @param contextLength tokens per text, start and end tokens included
 */
public record PretrainedModel(
    String name,
    String preset,
    Source source,
    URI url,
    ExpectedHash hash,
    int imageSize,
    Normalization normalization,
    int contextLength) {

  // A file or directory name taken from a URL or hub id: no separators, no "." or "..", so a
  // cache path built from it cannot leave the cache directory.
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  /** Validates every field, reporting all problems at once. */
  public PretrainedModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(normalization, "normalization");
    List<String> problems = problems(name, source, url, imageSize, contextLength);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "pretrained model '" + name + "': " + String.join("; ", problems));
    }
  }

  private static List<String> problems(
      String name, Source source, URI url, int imageSize, int contextLength) {
    List<String> problems = new ArrayList<>();
    if (name.isBlank()) {
      problems.add("name is blank");
    }
    String scheme = url.getScheme();
    if (!url.isAbsolute() || url.getHost() == null
        || !("https".equals(scheme) || "http".equals(scheme))) {
      problems.add("url must be an absolute http(s) URL, got '" + url + "'");
    } else if (!SAFE_SEGMENT.matcher(fileName(url)).matches()) {
      problems.add("url must end in a plain file name, got '" + url + "'");
    }
    if (source == Source.HUGGING_FACE) {
      for (String segment : name.split("/", -1)) {
        if (!SAFE_SEGMENT.matcher(segment).matches()) {
          problems.add("hub id must be plain names separated by '/', got '" + name + "'");
          break;
        }
      }
    }
    if (imageSize <= 0) {
      problems.add("imageSize must be positive, got " + imageSize);
    }
    if (contextLength < 2) {
      problems.add("contextLength must be at least 2, got " + contextLength);
    }
    return problems;
  }

  /** The file name the published URL ends in ({@code ViT-B-32.pt}, {@code model.safetensors}). */
  public String fileName() {
    return fileName(url);
  }

  private static String fileName(URI url) {
    String path = Optional.ofNullable(url.getPath()).orElse("");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * Where the file lives under the cache directory: {@code openai/ViT-B-32.pt}, or
   * {@code huggingface/openai/clip-vit-base-patch32/model.safetensors}.
   */
  public Path cacheFile() {
    Path directory = Path.of(source.directory());
    if (source == Source.HUGGING_FACE) {
      for (String segment : name.split("/")) {
        directory = directory.resolve(segment);
      }
    }
    return directory.resolve(fileName());
  }

  /**
   * The URL to fetch: the published one, or with a mirror's base URL in place of its scheme, host
   * and port ({@code http://127.0.0.1:8080/prefix} turns
   * {@code https://openaipublic.azureedge.net/clip/models/<sha>/RN50.pt} into
   * {@code http://127.0.0.1:8080/prefix/clip/models/<sha>/RN50.pt}).
   */
  public URI location(Optional<URI> baseUrl) {
    if (baseUrl.isEmpty()) {
      return url;
    }
    String base = baseUrl.get().toString();
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return URI.create(trimmed + url.getRawPath());
  }
}
