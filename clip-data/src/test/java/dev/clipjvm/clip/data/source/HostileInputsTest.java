package dev.clipjvm.clip.data.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.FolderLayout;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.pipeline.TestCodecs;
import dev.clipjvm.clip.data.source.TestShards.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Devices, FIFOs, links and broken captions are refused and counted by reason. */
class HostileInputsTest {
  @TempDir Path dir;

  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS,
      Optional.empty());

  private static List<SourceItem> all(RecordSource source) throws IOException {
    List<SourceItem> out = new ArrayList<>();
    try (RecordStream s = source.open()) {
      s.forEachRemaining(out::add);
    }
    return out;
  }

  private static BadReason reason(SourceItem item) {
    return ((SourceItem.Bad) item).reason();
  }

  @Test
  void tarCharacterDevicesAndFifosAreUnsafeEntries() throws IOException {
    byte[] png = TestCodecs.image(8, 8, 3, "png");
    Path tar = TestShards.tar(dir.resolve("dev.tar"), List.of(
        new Entry("zero.png", new byte[0], TarArchiveEntry.LF_CHR), Entry.text("zero.txt", "z"),
        new Entry("pipe.png", new byte[0], TarArchiveEntry.LF_FIFO), Entry.text("pipe.txt", "p"),
        new Entry("disk.png", new byte[0], TarArchiveEntry.LF_BLK), Entry.text("disk.txt", "d"),
        Entry.file("ok.png", png), Entry.text("ok.txt", "fine")));
    List<SourceItem> items = all(new TarShardSource(List.of(tar), 1 << 20));
    assertThat(items.subList(0, 3)).extracting(HostileInputsTest::reason)
        .containsOnly(BadReason.UNSAFE_ENTRY);
    assertThat(items.get(3)).isInstanceOf(SourceItem.Pair.class);
  }

  @Test
  void captionsWithInvalidUtf8OrNulAreInvalidEverywhere() throws IOException {
    byte[] png = TestCodecs.image(8, 8, 3, "png");
    byte[] invalid = {'a', (byte) 0xC3, '(', 'b'};
    Path tar = TestShards.tar(dir.resolve("cap.tar"), List.of(
        Entry.file("u.png", png), Entry.file("u.txt", invalid),
        Entry.file("n.png", png), Entry.text("n.txt", "nul\0inside"),
        Entry.file("ok.png", png), Entry.text("ok.txt", "fine")));
    List<SourceItem> items = all(new TarShardSource(List.of(tar), 1 << 20));
    assertThat(items.subList(0, 2)).extracting(HostileInputsTest::reason)
        .containsOnly(BadReason.INVALID_CAPTION);
    assertThat(items.get(2)).isInstanceOf(SourceItem.Pair.class);

    Path folder = Files.createDirectories(dir.resolve("folder"));
    Files.write(folder.resolve("a.png"), png);
    Files.write(folder.resolve("a.txt"), invalid);
    Files.write(folder.resolve("b.png"), png);
    Files.writeString(folder.resolve("b.txt"), "b\0");
    assertThat(all(new FolderRecordSource(folder, FolderLayout.SIDECAR_CAPTIONS, List.of())))
        .extracting(HostileInputsTest::reason).containsOnly(BadReason.INVALID_CAPTION);

    Path csv = dir.resolve("rows.csv");
    byte[] head = "filepath,title\nfolder/a.png,good\nfolder/a.png,bad ".getBytes(
        StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 3];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xFF;
    body[head.length + 1] = '\n';
    body[head.length + 2] = '\n';
    Files.write(csv, body);
    List<SourceItem> rows = all(new CsvRecordSource(csv, "filepath", "title", ','));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).isInstanceOf(SourceItem.Pair.class);
    assertThat(reason(rows.get(1))).isEqualTo(BadReason.INVALID_CAPTION);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void writeShardsAdmitsOnlyRegularFilesThatDecodeAsImages() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("in"));
    Path png = Files.write(folder.resolve("ok.png"), TestCodecs.image(8, 8, 1, "png"));
    Path text = Files.writeString(folder.resolve("notes.png"), "root:x:0:0:root:/root:/bin/sh\n");
    Path fifo = folder.resolve("pipe.png");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path secret = Files.write(outside.resolve("secret.png"), TestCodecs.image(8, 8, 2, "png"));
    Path link = Files.createSymbolicLink(folder.resolve("link.png"), secret);
    Path linkedDir = Files.createSymbolicLink(folder.resolve("sub"), outside);
    Path inner = Files.createSymbolicLink(folder.resolve("inner.png"), png);

    ShardAdmission strict = new ShardAdmission(folder, false, decoder, 1 << 20);
    assertThat(strict.admit(png)).isInstanceOf(ShardAdmission.Admitted.class);
    assertThat(strict.admit(inner)).isInstanceOf(ShardAdmission.Admitted.class);
    assertRefused(strict.admit(text), BadReason.CORRUPT_IMAGE);
    assertRefused(strict.admit(fifo), BadReason.UNSAFE_ENTRY);
    assertRefused(strict.admit(Path.of("/dev/zero")), BadReason.UNSAFE_ENTRY);
    assertRefused(strict.admit(link), BadReason.UNSAFE_ENTRY);
    assertRefused(strict.admit(linkedDir.resolve("secret.png")), BadReason.UNSAFE_ENTRY);
    assertRefused(strict.admit(folder), BadReason.UNSAFE_ENTRY);
    assertRefused(new ShardAdmission(folder, false, decoder, 10).admit(png),
        BadReason.OVERSIZED_IMAGE);
    assertRefused(new ShardAdmission(folder, false, new ImageDecoder(10, Optional.empty()), 1 << 20)
        .admit(png), BadReason.OVERSIZED_IMAGE);

    ShardAdmission following = new ShardAdmission(folder, true, decoder, 1 << 20);
    assertThat(following.admit(link)).isInstanceOf(ShardAdmission.Admitted.class);
    assertThat(following.admit(linkedDir.resolve("secret.png")))
        .isInstanceOf(ShardAdmission.Admitted.class);
    assertRefused(following.admit(fifo), BadReason.UNSAFE_ENTRY);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void folderSourcesForTrainingAndEvaluationRefuseFifosWithoutOpeningThem() throws Exception {
    Path side = Files.createDirectories(dir.resolve("side"));
    Files.write(side.resolve("ok.png"), TestCodecs.image(8, 8, 1, "png"));
    Files.writeString(side.resolve("ok.txt"), "fine");
    mkfifo(side.resolve("pipe.png"));
    Files.writeString(side.resolve("pipe.txt"), "a FIFO with an image's name");
    Files.write(side.resolve("text.png"), TestCodecs.image(8, 8, 2, "png"));
    mkfifo(side.resolve("text.txt"));
    List<SourceItem> items = all(new FolderRecordSource(side, FolderLayout.SIDECAR_CAPTIONS,
        List.of()));
    assertThat(items).hasSize(3);
    assertThat(items.get(0)).isInstanceOf(SourceItem.Pair.class);
    assertThat(reason(items.get(1))).isEqualTo(BadReason.UNSAFE_ENTRY);
    assertThat(((SourceItem.Bad) items.get(1)).detail())
        .isEqualTo(side.resolve("pipe.png") + " is not a regular file (a device, FIFO or socket);"
            + " not opened");
    assertThat(reason(items.get(2))).isEqualTo(BadReason.UNSAFE_ENTRY);

    // Evaluation data is strict: the FIFO is named in the error, not opened, not skipped.
    Path classes = Files.createDirectories(dir.resolve("classes/cat"));
    Files.write(classes.resolve("a.png"), TestCodecs.image(8, 8, 3, "png"));
    mkfifo(classes.resolve("b.png"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LabelledDataset.open(dir.resolve("classes")))
        .isInstanceOf(SourceFormatException.class)
        .hasMessageContaining(classes.resolve("b.png") + " is not a regular file");
  }

  private static void mkfifo(Path p) throws IOException, InterruptedException {
    assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
  }

  private static void assertRefused(ShardAdmission.Outcome outcome, BadReason reason) {
    assertThat(outcome).isInstanceOf(ShardAdmission.Refused.class);
    assertThat(((ShardAdmission.Refused) outcome).reason()).isEqualTo(reason);
  }
}
