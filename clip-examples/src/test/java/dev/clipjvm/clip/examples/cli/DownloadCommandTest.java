package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip download} against a loopback server; the library's own tests cover the protocol. */
class DownloadCommandTest {
  private static final byte[] FIXTURE = new byte[20_000];
  private static final String SHA;
  private static final String VIT_B_32_SHA =
      "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af";

  static {
    new Random(3).nextBytes(FIXTURE);
    try {
      // The JDK's digest: clip-examples declares no hashing library of its own.
      SHA = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(FIXTURE));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @TempDir Path cache;
  private HttpServer server;
  private String base;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // The hub path states the fixture's hash the way huggingface.co does; the OpenAI path serves
    // the fixture where ViT-B/32 belongs, so its published hash rejects it.
    server.createContext("/openai/clip-vit-base-patch32/resolve/main/model.safetensors", x -> {
      x.getResponseHeaders().add("X-Linked-ETag", "\"" + SHA + "\"");
      x.sendResponseHeaders(200, FIXTURE.length);
      x.getResponseBody().write(FIXTURE);
      x.close();
    });
    server.createContext("/clip/models/" + VIT_B_32_SHA + "/ViT-B-32.pt", x -> {
      x.sendResponseHeaders(200, FIXTURE.length);
      x.getResponseBody().write(FIXTURE);
      x.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = ClipCommand.commandLine().execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void jsonIsOneLineNamingThePathHashSizeAndWhetherItWasCached() throws Exception {
    Run first = run("download", "openai/clip-vit-base-patch32", "--cache", cache.toString(),
        "--base-url", base, "--json");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).endsWith("\n").doesNotContain("\r");
    assertThat(first.out().strip()).doesNotContain("\n");
    JsonNode doc = new ObjectMapper().readTree(first.out());
    Path file = cache.resolve("huggingface/openai/clip-vit-base-patch32/model.safetensors");
    assertThat(doc.get("name").asText()).isEqualTo("openai/clip-vit-base-patch32");
    assertThat(doc.get("path").asText()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(doc.get("sha256").asText()).isEqualTo(SHA);
    assertThat(doc.get("bytes").asLong()).isEqualTo(FIXTURE.length);
    assertThat(doc.get("cached").asBoolean()).isFalse();
    assertThat(Files.readAllBytes(file)).isEqualTo(FIXTURE);

    server.stop(0);
    Run second = run("download", "OpenAI/CLIP-ViT-Base-Patch32", "--cache", cache.toString(),
        "--base-url", base, "--json");

    assertThat(second.code()).as(second.err()).isZero();
    JsonNode again = new ObjectMapper().readTree(second.out());
    assertThat(again.get("cached").asBoolean()).isTrue();
    assertThat(again.get("path")).isEqualTo(doc.get("path"));
  }

  @Test
  void withoutJsonOnlyThePathGoesToStandardOutput() {
    Run r = run("download", "openai/clip-vit-base-patch32", "--cache", cache.toString(),
        "--base-url", base);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(cache.resolve(
        "huggingface/openai/clip-vit-base-patch32/model.safetensors").toAbsolutePath() + "\n");
    assertThat(r.err()).contains("SHA-256 " + SHA + " verified");
  }

  @Test
  void anUnknownNameIsOneLineListingTheKnownNames() {
    Run r = run("download", "ViT-H/14", "--cache", cache.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("clip download: unknown pretrained model 'ViT-H/14'; known models: RN50, ")
        .contains("ViT-L/14@336", "openai/clip-vit-large-patch14-336");
  }

  @Test
  void aWrongHashIsOneLineNamingBothHashesAndNothingIsCached() {
    Run r = run("download", "ViT-B/32", "--cache", cache.toString(), "--base-url", base,
        "--quiet", "--json");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("clip download: SHA-256 of " + base).contains(SHA, VIT_B_32_SHA);
    // Only the lock file stays (deleting a lock file would let two downloads race).
    assertThat(cache.resolve("openai").toFile().list()).containsExactly("ViT-B-32.pt.lock");
  }

  @Test
  void aMirrorThatIsNotHttpIsOneLineNamingIt() {
    Run r = run("download", "RN50", "--cache", cache.toString(), "--base-url", "ftp://mirror/x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("clip download: base URL must be http(s)://").contains("'ftp://mirror/x'");
  }

  @Test
  void noNetworkIsOneLineNamingTheHost() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r = run("download", "RN50", "--cache", cache.toString(), "--base-url",
        "http://127.0.0.1:" + port, "--quiet");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("clip download: cannot reach 127.0.0.1:" + port + ": ");
  }
}
