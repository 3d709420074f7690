package dev.clipjvm.clip.data.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.hash.Hashing;
import dev.clipjvm.clip.data.image.Normalization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
  private static final byte[] FIXTURE = bytes(200_000, 7);
  private static final String SHA = sha256(FIXTURE);
  private static final String OPENAI_PATH = "/clip/models/" + SHA + "/fixture.pt";
  private static final String HUB_PATH = "/test/fixture/resolve/main/model.safetensors";
  private static final PretrainedModel PUBLISHED = new PretrainedModel("fixture", "tiny-vit",
      Source.OPENAI, URI.create("https://cdn.invalid" + OPENAI_PATH),
      new ExpectedHash.Published(SHA), 32, Normalization.CLIP, 77);
  private static final PretrainedModel HUB = new PretrainedModel("test/fixture", "tiny-vit",
      Source.HUGGING_FACE, URI.create("https://hub.invalid" + HUB_PATH),
      new ExpectedHash.FromServer(), 32, Normalization.CLIP, 77);

  @TempDir Path cache;
  private FixtureServer server;
  private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FixtureServer().serve(OPENAI_PATH, FIXTURE, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DownloadSettings settings() {
    return DownloadSettings.defaults().withCacheDirectory(cache).withBaseUrl(server.base())
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).withListener(events::add);
  }

  @Test
  void downloadsVerifiesAndCachesUnderTheSourceDirectory() throws Exception {
    Download d = Pretrained.download(PUBLISHED, settings());

    assertThat(d.path()).isEqualTo(cache.resolve("openai/fixture.pt"));
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
    assertThat(d.sha256()).isEqualTo(SHA);
    assertThat(d.bytes()).isEqualTo(FIXTURE.length);
    assertThat(d.cached()).isFalse();
    assertThat(server.requests).containsExactly(OPENAI_PATH + " -");
    assertThat(cache.resolve("openai/fixture.pt.part")).doesNotExist();
    CacheRecord record = CacheRecord.read(cache.resolve("openai/fixture.pt.json"));
    assertThat(record.sha256()).isEqualTo(SHA);
    assertThat(record.verifiedBy()).isEqualTo(HashSource.PUBLISHED);
    assertThat(record.url()).isEqualTo(server.base() + OPENAI_PATH);
    assertThat(events).first().isEqualTo(new DownloadEvent.Started(
        URI.create(server.base() + OPENAI_PATH), 0, java.util.OptionalLong.of(FIXTURE.length)));
    assertThat(events).filteredOn(e -> e instanceof DownloadEvent.Progress).last()
        .isEqualTo(new DownloadEvent.Progress(FIXTURE.length,
            java.util.OptionalLong.of(FIXTURE.length)));
  }

  @Test
  void aVerifiedCachedFileIsReturnedWithoutNetwork() throws Exception {
    Download first = Pretrained.download(PUBLISHED, settings());
    DownloadSettings offline = settings();
    server.close();

    Download again = Pretrained.download(PUBLISHED, offline);

    assertThat(again.path()).isEqualTo(first.path());
    assertThat(again.cached()).isTrue();
    assertThat(again.sha256()).isEqualTo(SHA);
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void aTransferCutMidBodyResumesWithARangeRequest() throws Exception {
    server.cutNextAfter = 70_000;

    NetworkException cut = catchThrowableOfType(NetworkException.class,
        () -> Pretrained.download(PUBLISHED, settings()));

    assertThat(cut).hasMessageContaining("broke off after").hasMessageContaining("run again");
    Path part = cache.resolve("openai/fixture.pt.part");
    long kept = Files.size(part);
    assertThat(kept).isBetween(1L, 70_000L);
    assertThat(cache.resolve("openai/fixture.pt")).doesNotExist();

    Download d = Pretrained.download(PUBLISHED, settings());

    assertThat(server.requests).containsExactly(OPENAI_PATH + " -",
        OPENAI_PATH + " bytes=" + kept + "-");
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
    assertThat(d.cached()).isFalse();
    assertThat(part).doesNotExist();
    assertThat(events).contains(new DownloadEvent.Started(URI.create(server.base() + OPENAI_PATH),
        kept, java.util.OptionalLong.of(FIXTURE.length)));
  }

  @Test
  void aServerIgnoringRangeMakesTheDownloadStartAgainFromZero() throws Exception {
    Path part = cache.resolve("openai/fixture.pt.part");
    Files.createDirectories(part.getParent());
    Files.write(part, bytes(5_000, 99)); // wrong bytes: appending to them would fail the hash
    server.ignoreRange = true;

    Download d = Pretrained.download(PUBLISHED, settings());

    assertThat(server.requests).containsExactly(OPENAI_PATH + " bytes=5000-");
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        DownloadEvent.Notice.class, n -> assertThat(n.message()).contains("ignored")));
  }

  @Test
  void aPartialFileTheServerCannotContinueIsDiscarded() throws Exception {
    Path part = cache.resolve("openai/fixture.pt.part");
    Files.createDirectories(part.getParent());
    Files.write(part, bytes(FIXTURE.length + 5, 1)); // longer than the file: 416 on resume

    Download d = Pretrained.download(PUBLISHED, settings());

    assertThat(server.requests).containsExactly(
        OPENAI_PATH + " bytes=" + (FIXTURE.length + 5) + "-", OPENAI_PATH + " -");
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        DownloadEvent.Notice.class, n -> assertThat(n.message()).contains("HTTP 416")));
  }

  @Test
  void aCompletePartialFileIsVerifiedWithoutDownloadingAgain() throws Exception {
    Path part = cache.resolve("openai/fixture.pt.part");
    Files.createDirectories(part.getParent());
    Files.write(part, FIXTURE);

    Download d = Pretrained.download(PUBLISHED, settings());

    assertThat(server.requests).containsExactly(OPENAI_PATH + " bytes=" + FIXTURE.length + "-");
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
  }

  @Test
  void aWrongHashNamesBothHashesAndLeavesNothingInTheCache() throws Exception {
    String wrong = sha256(new byte[] {1, 2, 3});
    PretrainedModel model = new PretrainedModel("fixture", "tiny-vit", Source.OPENAI,
        PUBLISHED.url(), new ExpectedHash.Published(wrong), 32, Normalization.CLIP, 77);

    ChecksumMismatchException e = catchThrowableOfType(ChecksumMismatchException.class,
        () -> Pretrained.download(model, settings()));

    assertThat(e.expected()).isEqualTo(wrong);
    assertThat(e.actual()).isEqualTo(SHA);
    assertThat(e).hasMessageContaining(wrong).hasMessageContaining(SHA)
        .hasMessageContaining("published hash");
    assertThat(cache.resolve("openai/fixture.pt")).doesNotExist();
    assertThat(cache.resolve("openai/fixture.pt.part")).doesNotExist();
    assertThat(cache.resolve("openai/fixture.pt.json")).doesNotExist();
  }

  @Test
  void aRegistryNameFetchesItsPublishedPathFromTheMirror() throws Exception {
    // The mirror serves the fixture where ViT-B/32 belongs, so its published hash must reject it.
    String path = PretrainedRegistry.get("ViT-B/32").url().getPath();
    server.serve(path, FIXTURE, Map.of());

    ChecksumMismatchException e = catchThrowableOfType(ChecksumMismatchException.class,
        () -> Pretrained.download("vit-b-32", settings()));

    assertThat(path).isEqualTo("/clip/models/"
        + "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt");
    assertThat(e.expected())
        .isEqualTo("40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af");
    assertThat(e.actual()).isEqualTo(SHA);
    assertThat(cache.resolve("openai/ViT-B-32.pt")).doesNotExist();
  }

  @Test
  void aHubFileIsCheckedAgainstTheLinkedEtagOfTheRedirect() throws Exception {
    server.redirect(HUB_PATH, server.base() + "/cdn/blob", Map.of(
        "X-Linked-ETag", "\"" + SHA + "\"", "ETag", "\"" + "0".repeat(40) + "\""))
        .serve("/cdn/blob", FIXTURE, Map.of("ETag", "\"abc-2\""));

    Download d = Pretrained.download(HUB, settings());

    assertThat(d.path()).isEqualTo(cache.resolve("huggingface/test/fixture/model.safetensors"));
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
    assertThat(CacheRecord.read(CacheRecord.of(d.path())).verifiedBy())
        .isEqualTo(HashSource.X_LINKED_ETAG);
  }

  @Test
  void aResumedHubFileKeepsItsRangeAcrossTheRedirect() throws Exception {
    server.redirect(HUB_PATH, server.base() + "/cdn/blob",
            Map.of("X-Linked-ETag", "\"" + SHA + "\""))
        .serve("/cdn/blob", FIXTURE, Map.of());
    server.cutNextAfter = 50_000;
    assertThatThrownBy(() -> Pretrained.download(HUB, settings()))
        .isInstanceOf(NetworkException.class);
    long kept = Files.size(cache.resolve("huggingface/test/fixture/model.safetensors.part"));
    assertThat(kept).isBetween(1L, 50_000L);

    Download d = Pretrained.download(HUB, settings());

    assertThat(server.requests).containsExactly(HUB_PATH + " -", "/cdn/blob -",
        HUB_PATH + " bytes=" + kept + "-", "/cdn/blob bytes=" + kept + "-");
    assertThat(Files.readAllBytes(d.path())).isEqualTo(FIXTURE);
  }

  @Test
  void aHubFileWhoseLinkedEtagDisagreesIsRejected() throws Exception {
    String other = sha256(new byte[] {4});
    server.serve(HUB_PATH, FIXTURE, Map.of("X-Linked-ETag", "\"" + other + "\""));

    ChecksumMismatchException e = catchThrowableOfType(ChecksumMismatchException.class,
        () -> Pretrained.download(HUB, settings()));

    assertThat(e).hasMessageContaining("X-Linked-ETag").hasMessageContaining(other);
    assertThat(cache.resolve("huggingface/test/fixture/model.safetensors")).doesNotExist();
  }

  @Test
  void aHubFileWithoutAStatedHashIsPinnedAtTheFirstDownloadAndCheckedLater() throws Exception {
    server.serve(HUB_PATH, FIXTURE, Map.of());
    Download first = Pretrained.download(HUB, settings());
    assertThat(CacheRecord.read(CacheRecord.of(first.path())))
        .isEqualTo(new CacheRecord("test/fixture", server.base() + HUB_PATH, SHA,
            FIXTURE.length, HashSource.FIRST_DOWNLOAD));

    assertThat(Pretrained.download(HUB, settings()).cached()).isTrue();
    byte[] tampered = FIXTURE.clone();
    tampered[123] ^= 1;
    Files.write(first.path(), tampered);

    Download again = Pretrained.download(HUB, settings());

    assertThat(again.cached()).isFalse();
    assertThat(Files.readAllBytes(again.path())).isEqualTo(FIXTURE);
    assertThat(server.requests).hasSize(2);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        DownloadEvent.Notice.class, n -> assertThat(n.message()).contains("expected " + SHA)));
  }

  @Test
  void aMissingFileIsAnHttpStatusError() {
    PretrainedModel missing = new PretrainedModel("missing", "tiny-vit", Source.OPENAI,
        URI.create("https://cdn.invalid/nothing/here.pt"), PUBLISHED.hash(), 32,
        Normalization.CLIP, 77);

    HttpStatusException e = catchThrowableOfType(HttpStatusException.class,
        () -> Pretrained.download(missing, settings()));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e).hasMessageContaining(server.base() + "/nothing/here.pt")
        .hasMessageContaining("404");
  }

  @Test
  void aRefusedConnectionIsANetworkErrorNamingTheHost() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    DownloadSettings nowhere = settings().withBaseUrl(URI.create("http://127.0.0.1:" + port));

    assertThatThrownBy(() -> Pretrained.download(PUBLISHED, nowhere))
        .isInstanceOf(NetworkException.class)
        .hasMessageStartingWith("cannot reach 127.0.0.1:" + port + ": ");
    assertThat(cache.resolve("openai/fixture.pt")).doesNotExist();
  }

  @Test
  void aStalledBodyEndsAfterTheReadTimeoutAndKeepsItsBytes() throws Exception {
    server.stallNextAfter = 10_000;
    DownloadSettings impatient = settings()
        .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(2000));

    NetworkException e = catchThrowableOfType(NetworkException.class,
        () -> Pretrained.download(PUBLISHED, impatient));

    assertThat(e).hasMessageContaining("no data from").hasMessageContaining("2000 ms");
    assertThat(Files.size(cache.resolve("openai/fixture.pt.part"))).isEqualTo(10_000);
  }

  @Test
  void aFileLargerThanTheFreeSpaceIsRefusedBeforeAnyByteIsWritten() throws Exception {
    long petabyte = 1L << 50;
    server.claimNextLength = petabyte;

    CacheException e = catchThrowableOfType(CacheException.class,
        () -> Pretrained.download(PUBLISHED, settings()));

    assertThat(e).hasMessageStartingWith("disk full: ")
        .hasMessageContaining("needs " + petabyte + " more bytes but " + cache.resolve("openai"));
    assertThat(cache.resolve("openai/fixture.pt.part")).doesNotExist();
  }

  @Test
  void aCacheThatCannotBeCreatedIsACacheError() throws Exception {
    Path blocker = cache.resolve("not-a-directory");
    Files.writeString(blocker, "x");
    DownloadSettings blocked = settings().withCacheDirectory(blocker);

    CacheException e = catchThrowableOfType(CacheException.class,
        () -> Pretrained.download(PUBLISHED, blocked));

    assertThat(e).hasMessageContaining("cannot create the cache directory");
    assertThat(e.path()).isEqualTo(blocker.resolve("openai"));
    assertThat(server.requests).isEmpty();
  }

  @Test
  void aConcurrentDownloadOfTheSameFileIsRefused() throws Exception {
    Path lockFile = cache.resolve("openai/fixture.pt.lock");
    Files.createDirectories(lockFile.getParent());
    try (var channel = java.nio.channels.FileChannel.open(lockFile,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        var lock = channel.lock()) {
      assertThat(lock.isValid()).isTrue();
      assertThatThrownBy(() -> Pretrained.download(PUBLISHED, settings()))
          .isInstanceOf(CacheException.class).hasMessageContaining("in progress");
    }
    assertThat(Pretrained.download(PUBLISHED, settings()).cached()).isFalse();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) {
    return Hashing.sha256().hashBytes(b).toString();
  }
}
