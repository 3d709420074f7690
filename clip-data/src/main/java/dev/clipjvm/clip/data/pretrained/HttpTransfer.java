package dev.clipjvm.clip.data.pretrained;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file fetched over HTTP into a partial file, resuming from the bytes already there: a
 * {@code Range} request when the partial file is not empty; a {@code 200} answer (a server that
 * ignores ranges) starts again from zero; a rejected or misplaced range discards the partial file
 * and asks once more for the whole file.
 */
final class HttpTransfer {
  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final DownloadListener listener;

  HttpTransfer(Duration connectTimeout, Duration readTimeout, DownloadListener listener) {
    // HTTP/1.1: one plain stream per file; redirects followed (the hub redirects to its CDN)
    // except from https to http.
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.listener = listener;
  }

  /** A hash the server stated for the file, and in which header. */
  record StatedHash(String sha256, HashSource source) {}

  /**
   * Completes {@code part} from {@code url}.
   *
   * @return the SHA-256 the server stated for the file, if it stated one
   */
  Optional<StatedHash> fetch(URI url, Path part) throws PretrainedException {
    // Two rounds at most: the second only after the server refused to resume.
    for (int round = 0; ; round++) {
      long offset = size(part);
      HttpResponse<InputStream> response = send(url, offset);
      try (InputStream body = response.body()) {
        int status = response.statusCode();
        Optional<ContentRange> range = response.headers().firstValue("Content-Range")
            .flatMap(ContentRange::parse);
        if (status == 416 && offset > 0
            && range.map(r -> r.total().orElse(-1) == offset).orElse(false)) {
          return StatedHeaders.of(response); // the partial file already holds every byte
        }
        if (status == 200) {
          if (offset > 0) {
            listener.on(new DownloadEvent.Notice("the server ignored the request to resume at "
                + "byte " + offset + "; downloading from the start"));
          }
          new BodyWriter(url, part, readTimeout, listener).write(body, 0, contentLength(response));
          return StatedHeaders.of(response);
        }
        boolean resumable = status == 206 && range.map(r -> r.start() == offset).orElse(false);
        if (resumable) {
          new BodyWriter(url, part, readTimeout, listener).write(body, offset, range.get().total());
          return StatedHeaders.of(response);
        }
        if ((status == 206 || status == 416) && offset > 0 && round == 0) {
          listener.on(new DownloadEvent.Notice("the server could not resume at byte " + offset
              + " (HTTP " + status + range.map(r -> ", " + r).orElse("")
              + "); downloading from the start"));
          delete(part);
          continue;
        }
        throw new HttpStatusException(url, status);
      } catch (IOException closing) {
        throw new NetworkException(url, "closing the connection to " + url + " failed: "
            + closing.getMessage(), closing);
      }
    }
  }

  /** The declared body length; absent, malformed or negative means unknown. */
  private static OptionalLong contentLength(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Content-Length")
        .map(String::trim).filter(v -> v.matches("\\d{1,18}"));
    return value.isPresent() ? OptionalLong.of(Long.parseLong(value.get())) : OptionalLong.empty();
  }

  private HttpResponse<InputStream> send(URI url, long offset) throws NetworkException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(readTimeout)
        .header("User-Agent", "clip-jvm");
    if (offset > 0) {
      request.header("Range", "bytes=" + offset + "-");
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new NetworkException(url, "cannot reach " + host(url) + ": no connection within "
          + connectTimeout.toMillis() + " ms (no network?)", e);
    } catch (HttpTimeoutException e) {
      throw new NetworkException(url, "no answer from " + host(url) + " within "
          + readTimeout.toMillis() + " ms", e);
    } catch (ConnectException e) {
      String why = rootCause(e) instanceof UnresolvedAddressException
          ? "unknown host (no network or no DNS?)" : describe(e);
      throw new NetworkException(url, "cannot reach " + host(url) + ": " + why, e);
    } catch (IOException e) {
      throw new NetworkException(url, "GET " + url + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException(url, "GET " + url + " was interrupted", e);
    }
  }

  static String host(URI url) {
    return url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
  }

  /** The first non-empty message along the cause chain, else the exception's class name. */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return rootCause(e) instanceof java.nio.channels.ClosedChannelException
        ? "connection refused or closed" : e.getClass().getSimpleName();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static long size(Path part) throws CacheException {
    try {
      return Files.isRegularFile(part) ? Files.size(part) : 0;
    } catch (IOException e) {
      throw new CacheException(part, "cannot read " + part + ": " + describe(e), e);
    }
  }

  private static void delete(Path part) throws CacheException {
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      throw new CacheException(part, "cannot delete " + part + ": " + describe(e), e);
    }
  }
}
