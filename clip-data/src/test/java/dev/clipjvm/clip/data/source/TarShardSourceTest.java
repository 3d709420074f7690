package dev.clipjvm.clip.data.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.pipeline.TestCodecs;
import dev.clipjvm.clip.data.source.TestShards.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarShardSourceTest {
  @TempDir Path dir;

  private static List<SourceItem> all(RecordSource source) throws IOException {
    List<SourceItem> out = new ArrayList<>();
    try (RecordStream s = source.open()) {
      s.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void groupsEntriesByKeyWithOptionalJson() throws IOException {
    byte[] jpg = TestCodecs.image(8, 8, 1, "jpg");
    byte[] png = TestCodecs.image(8, 8, 2, "png");
    Path tar = TestShards.tar(dir.resolve("a.tar"), List.of(
        Entry.file("dir/000.jpg", jpg), Entry.text("dir/000.txt", " a cat \n"),
        Entry.text("dir/000.json", "{\"w\": 8}"),
        Entry.text("001.txt", "a dog"), Entry.file("001.png", png),
        Entry.file("002.tar.gz.webp", png), Entry.text("002.tar.gz.txt", "dotted key")));

    List<SourceItem> items = all(new TarShardSource(List.of(tar), 1 << 20));

    assertThat(items).hasSize(3).allMatch(i -> i instanceof SourceItem.Pair);
    SourceItem.Pair first = (SourceItem.Pair) items.get(0);
    assertThat(first.key()).isEqualTo("dir/000");
    assertThat(first.caption()).isEqualTo("a cat");
    assertThat(first.metadata()).isEqualTo("{\"w\": 8}");
    assertThat(((ImageData.Encoded) first.image()).bytes()).isEqualTo(jpg);
    assertThat(((ImageData.Encoded) first.image()).extension()).isEqualTo("jpg");
    SourceItem.Pair second = (SourceItem.Pair) items.get(1);
    assertThat(second.key()).isEqualTo("001");
    assertThat(second.caption()).isEqualTo("a dog");
    assertThat(second.metadata()).isEmpty();
    assertThat(items.get(2).key()).isEqualTo("002");
    assertThat(((SourceItem.Pair) items.get(2)).caption()).isEqualTo("dotted key");
  }

  @Test
  void rejectsUnsafeEntriesAndReportsMissingParts() throws IOException {
    byte[] png = TestCodecs.image(8, 8, 3, "png");
    Path tar = TestShards.tar(dir.resolve("bad.tar"), List.of(
        Entry.file("../evil.png", png), Entry.text("../evil.txt", "escape"),
        Entry.file("/abs.png", png), Entry.text("/abs.txt", "absolute"),
        Entry.symlink("link.png"), Entry.text("link.txt", "a link"),
        Entry.file("nocap.png", png),
        Entry.text("noimg.txt", "caption only"),
        Entry.file("ok.png", png), Entry.text("ok.txt", "fine")));

    List<SourceItem> items = all(new TarShardSource(List.of(tar), 1 << 20));

    assertThat(items).extracting(SourceItem::key)
        .containsExactly("../evil", "/abs", "link", "nocap", "noimg", "ok");
    assertThat(items.subList(0, 5)).extracting(i -> ((SourceItem.Bad) i).reason())
        .containsExactly(BadReason.UNSAFE_ENTRY, BadReason.UNSAFE_ENTRY, BadReason.UNSAFE_ENTRY,
            BadReason.MISSING_CAPTION, BadReason.MISSING_IMAGE);
    assertThat(items.get(5)).isInstanceOf(SourceItem.Pair.class);
  }

  @Test
  void truncatedOrMissingShardsBecomeOneUnreadableRecordEach() throws IOException {
    List<Path> good = TestShards.good(dir.resolve("g"), 2, 3);
    byte[] whole = Files.readAllBytes(good.get(0));
    Path truncated = Files.write(dir.resolve("trunc.tar"), Arrays.copyOf(whole, 1800));
    Path missing = dir.resolve("missing.tar");

    List<SourceItem> items = all(new TarShardSource(List.of(truncated, missing, good.get(1)),
        1 << 20));

    long unreadable = items.stream().filter(i -> i instanceof SourceItem.Bad b
        && b.reason() == BadReason.UNREADABLE_FILE).count();
    assertThat(unreadable).isEqualTo(2);
    assertThat(items.stream().filter(i -> i instanceof SourceItem.Pair).map(SourceItem::key))
        .endsWith("s00003", "s00004", "s00005");
  }

  @Test
  void expandsBracePatternsToShardFilesInOrder() throws IOException {
    List<Path> shards = TestShards.good(dir, 3, 2);
    TarShardSource source = TarShardSource.of(List.of(dir + "/shard-{00000..00002}.tar"));

    assertThat(source.shards()).containsExactlyElementsOf(shards);
    assertThat(all(source)).extracting(SourceItem::key)
        .containsExactly("s00000", "s00001", "s00002", "s00003", "s00004", "s00005");
  }
}
