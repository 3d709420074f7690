package dev.clipjvm.clip.data.pretrained;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server (127.0.0.1, a free port) serving byte arrays, with the misbehaviours the
 * downloader must survive: a body cut short, ignored ranges, a stalled body, redirects, statuses.
 */
final class FixtureServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> headers = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  /** The path and Range header ("-" when none) of every request, in order. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** When true, Range headers are ignored (200 with the whole file). */
  volatile boolean ignoreRange;
  /** When non-negative, the next response closes the connection after this many body bytes. */
  volatile int cutNextAfter = -1;
  /** When non-negative, the next response sends this many body bytes and then stays silent. */
  volatile int stallNextAfter = -1;
  /** When positive, the next response claims this Content-Length and then drops the connection. */
  volatile long claimNextLength = -1;

  FixtureServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code bytes} at {@code path} with extra response headers. */
  FixtureServer serve(String path, byte[] bytes, Map<String, String> extra) {
    files.put(path, bytes.clone());
    headers.put(path, Map.copyOf(extra));
    return this;
  }

  /** Answers {@code path} with a 302 to {@code location}, with extra response headers. */
  FixtureServer redirect(String path, String location, Map<String, String> extra) {
    redirects.put(path, location);
    headers.put(path, Map.copyOf(extra));
    return this;
  }

  /** The server's base URL, {@code http://127.0.0.1:PORT}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String range = exchange.getRequestHeaders().getFirst("Range");
    requests.add(path + " " + (range == null ? "-" : range));
    headers.getOrDefault(path, Map.of()).forEach(exchange.getResponseHeaders()::add);
    if (redirects.containsKey(path)) {
      exchange.getResponseHeaders().add("Location", redirects.get(path));
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
      return;
    }
    byte[] file = files.get(path);
    if (file == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    long claim = claimNextLength;
    claimNextLength = -1;
    if (claim > 0) {
      exchange.sendResponseHeaders(200, claim);
      throw new IOException("claimed " + claim + " bytes (test)");
    }
    int start = 0;
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (m != null && m.matches() && !ignoreRange) {
      start = Integer.parseInt(m.group(1));
      if (start >= file.length) {
        exchange.getResponseHeaders().add("Content-Range", "bytes */" + file.length);
        exchange.sendResponseHeaders(416, -1);
        exchange.close();
        return;
      }
      exchange.getResponseHeaders().add("Content-Range",
          "bytes " + start + "-" + (file.length - 1) + "/" + file.length);
      exchange.sendResponseHeaders(206, file.length - start);
    } else {
      exchange.sendResponseHeaders(200, file.length);
    }
    int cut = cutNextAfter;
    int stall = stallNextAfter;
    cutNextAfter = -1;
    stallNextAfter = -1;
    OutputStream body = exchange.getResponseBody();
    int end = file.length;
    if (cut >= 0 || stall >= 0) {
      end = Math.min(file.length, start + Math.max(cut, stall));
    }
    body.write(file, start, end - start);
    body.flush();
    if (stall >= 0) {
      awaitRelease();
    }
    if (cut >= 0) {
      // A handler that throws makes the JDK server drop the connection: the body ends short of
      // its Content-Length, as when a network breaks mid-transfer. The JDK client discards bytes
      // it has not handed out when the connection fails, so give it a moment to read them; the
      // tests then resume from however many bytes arrived.
      pause(200);
      throw new IOException("transfer cut after " + cut + " bytes (test)");
    }
    body.close();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitRelease() {
    try {
      release.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server at once; later requests are refused. */
  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
