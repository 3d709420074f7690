package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.clipjvm.clip.data.pretrained.Download;
import dev.clipjvm.clip.data.pretrained.DownloadSettings;
import dev.clipjvm.clip.data.pretrained.Pretrained;
import dev.clipjvm.clip.data.pretrained.PretrainedException;
import dev.clipjvm.clip.data.pretrained.PretrainedRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip download}: a released model's weights into the local cache, printing the path. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
        "Download a released model's weights once into the cache, check their SHA-256, and print "
            + "the cached file's path; a later call finds the verified file in the cache and "
            + "uses no network.",
        "The cache is --cache, else the system property clip.cache.dir, else $CLIP_JVM_CACHE, "
            + "else $XDG_CACHE_HOME/clip-jvm, else ~/.cache/clip-jvm. An interrupted download "
            + "resumes where it stopped on the next call; a file whose hash does not match is "
            + "deleted, never cached. Progress goes to standard error (docs/models.md)."})
public final class DownloadCommand implements Callable<Integer> {

  @Parameters(paramLabel = "NAME", completionCandidates = KnownNames.class,
      description = "The model: ${COMPLETION-CANDIDATES}.")
  String name;

  @Option(names = "--cache", paramLabel = "DIR", description = "The cache directory.")
  Path cache;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Fetch from a mirror: URL replaces the scheme, host and port of the published "
          + "URL (default: the system property clip.pretrained.base-url or $CLIP_JVM_BASE_URL, "
          + "else the published servers).")
  URI baseUrl;

  @Option(names = "--json", description = "Print one line of JSON on standard output: name, "
      + "path, sha256, bytes, cached.")
  boolean json;

  @Option(names = "--quiet", description = "No progress bar and no notices on standard error.")
  boolean quiet;

  @Override
  public Integer call() throws PretrainedException {
    DownloadSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // a cache directory or base URL the settings reject
    }
    Download d;
    // A PretrainedException (unknown name, hash mismatch, network) is reported by Failures.
    try (DownloadProgress progress = new DownloadProgress(name, System.err, quiet)) {
      d = Pretrained.download(name, settings.withListener(progress));
    }
    Path path = d.path().toAbsolutePath();
    if (json) {
      System.out.println(JsonNodeFactory.instance.objectNode().put("name", d.model().name())
          .put("path", path.toString()).put("sha256", d.sha256()).put("bytes", d.bytes())
          .put("cached", d.cached()).toString());
    } else {
      if (!quiet) {
        System.err.printf(Locale.ROOT, "%s: %s, %,d bytes, SHA-256 %s verified%n",
            d.model().name(), d.cached() ? "in the cache" : "downloaded", d.bytes(), d.sha256());
      }
      System.out.println(path);
    }
    return 0;
  }

  private DownloadSettings settings() {
    DownloadSettings settings = DownloadSettings.defaults();
    if (cache != null) {
      settings = settings.withCacheDirectory(cache);
    }
    if (baseUrl != null) {
      settings = settings.withBaseUrl(baseUrl);
    }
    return settings;
  }

  /** The registry's names, for the help text and shell completion. */
  static final class KnownNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return PretrainedRegistry.names().iterator();
    }
  }
}
