package dev.clipjvm.clip.data.pretrained;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where downloads are cached, where they come from, how long to wait, and who hears about
 * progress.
 *
 * @param cacheDirectory the cache's root directory
 * @param baseUrl a mirror that replaces the scheme, host and port of every published URL
 *     (see {@link PretrainedModel#location}); empty for the published servers
 * @param connectTimeout longest wait for a TCP (and TLS) connection
 * @param readTimeout longest wait for response headers, and longest silence inside a body
 *     before the transfer counts as stalled
 * @param listener receives progress and notices
 */
public record DownloadSettings(
    Path cacheDirectory,
    Optional<URI> baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    DownloadListener listener) {

  /** System property naming the cache directory (before the environment variable). */
  public static final String CACHE_PROPERTY = "clip.cache.dir";
  /** Environment variable naming the cache directory (before {@code XDG_CACHE_HOME}). */
  public static final String CACHE_ENV = "CLIP_JVM_CACHE";
  /** System property naming a mirror's base URL (before the environment variable). */
  public static final String BASE_URL_PROPERTY = "clip.pretrained.base-url";
  /** Environment variable naming a mirror's base URL. */
  public static final String BASE_URL_ENV = "CLIP_JVM_BASE_URL";

  /** Validates the fields: absolute http(s) base URL, positive timeouts. */
  public DownloadSettings {
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(listener, "listener");
    baseUrl.ifPresent(DownloadSettings::checkBaseUrl);
    if (connectTimeout.isNegative() || connectTimeout.isZero()
        || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive, got connect "
          + connectTimeout + " and read " + readTimeout);
    }
  }

  private static void checkBaseUrl(URI url) {
    String scheme = url.getScheme();
    if (!url.isAbsolute() || url.getHost() == null
        || !("http".equals(scheme) || "https".equals(scheme))
        || url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "base URL must be http(s)://host[:port][/path] without query, got '" + url + "'");
    }
  }

  /**
   * The defaults: the cache of {@link #defaultCacheDirectory()}, the base URL of the system
   * property {@value #BASE_URL_PROPERTY} or environment variable {@value #BASE_URL_ENV} if set,
   * 30 s to connect, 60 s of silence before a transfer counts as stalled, no listener.
   *
   * @throws IllegalArgumentException when the configured base URL is not an http(s) URL
   */
  public static DownloadSettings defaults() {
    return new DownloadSettings(defaultCacheDirectory(),
        setting(System::getProperty, System::getenv, BASE_URL_PROPERTY, BASE_URL_ENV)
            .map(DownloadSettings::url),
        Duration.ofSeconds(30), Duration.ofSeconds(60), DownloadListener.NONE);
  }

  private static URI url(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the base URL of " + BASE_URL_PROPERTY + " or "
          + BASE_URL_ENV + " is not a URL: '" + text + "' (" + e.getReason() + ")", e);
    }
  }

  /**
   * The cache directory: the system property {@value #CACHE_PROPERTY}, else the environment
   * variable {@value #CACHE_ENV}, else {@code $XDG_CACHE_HOME/clip-jvm} (when that is an absolute
   * path, as the XDG specification requires), else {@code ~/.cache/clip-jvm}.
   */
  public static Path defaultCacheDirectory() {
    return cacheDirectory(System::getProperty, System::getenv);
  }

  /** {@link #defaultCacheDirectory()} over given property and environment lookups (tests). */
  static Path cacheDirectory(UnaryOperator<String> properties, UnaryOperator<String> env) {
    Optional<Path> chosen = setting(properties, env, CACHE_PROPERTY, CACHE_ENV).map(Path::of);
    if (chosen.isPresent()) {
      return chosen.get();
    }
    Optional<Path> xdg = Optional.ofNullable(env.apply("XDG_CACHE_HOME"))
        .filter(s -> !s.isBlank()).map(Path::of).filter(Path::isAbsolute);
    return xdg.orElseGet(() -> Path.of(properties.apply("user.home"), ".cache"))
        .resolve("clip-jvm");
  }

  private static Optional<String> setting(UnaryOperator<String> properties,
      UnaryOperator<String> env, String property, String variable) {
    return Optional.ofNullable(properties.apply(property)).filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(env.apply(variable)).filter(s -> !s.isBlank()));
  }

  /** These settings with another cache directory. */
  public DownloadSettings withCacheDirectory(Path directory) {
    return new DownloadSettings(directory, baseUrl, connectTimeout, readTimeout, listener);
  }

  /** These settings fetching from a mirror at {@code url} instead of the published servers. */
  public DownloadSettings withBaseUrl(URI url) {
    return new DownloadSettings(cacheDirectory, Optional.of(url), connectTimeout, readTimeout,
        listener);
  }

  /** These settings with other timeouts. */
  public DownloadSettings withTimeouts(Duration connect, Duration read) {
    return new DownloadSettings(cacheDirectory, baseUrl, connect, read, listener);
  }

  /** These settings reporting to {@code to}. */
  public DownloadSettings withListener(DownloadListener to) {
    return new DownloadSettings(cacheDirectory, baseUrl, connectTimeout, readTimeout, to);
  }
}
