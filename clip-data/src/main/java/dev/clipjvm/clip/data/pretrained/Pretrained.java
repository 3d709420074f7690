package dev.clipjvm.clip.data.pretrained;

import java.nio.file.Path;

/**
 * Released CLIP checkpoints on local disk: downloaded once into the cache, verified by SHA-256,
 * then read from the cache without network.
 *
 * <pre>{@code
 * Path weights = Pretrained.download("ViT-B/32");   // ~/.cache/clip-jvm/openai/ViT-B-32.pt
 * }</pre>
 *
 * <p>An interrupted download resumes where it stopped on the next call; a file whose hash does
 * not match is deleted, never cached. The cache directory and a mirror are chosen by
 * {@link DownloadSettings}.
 */
public final class Pretrained {
  private Pretrained() {}

  /**
   * The cached file of the registry's model {@code name}, downloading it with the default
   * settings ({@link DownloadSettings#defaults()}) when it is not cached yet.
   */
  public static Path download(String name) throws PretrainedException {
    return download(name, DownloadSettings.defaults()).path();
  }

  /** The registry's model {@code name} in the cache of {@code settings}, downloaded if needed. */
  public static Download download(String name, DownloadSettings settings)
      throws PretrainedException {
    return download(PretrainedRegistry.get(name), settings);
  }

  /** Any checkpoint described by {@code model}, in the cache of {@code settings}. */
  public static Download download(PretrainedModel model, DownloadSettings settings)
      throws PretrainedException {
    return new Downloader(settings).download(model);
  }
}
