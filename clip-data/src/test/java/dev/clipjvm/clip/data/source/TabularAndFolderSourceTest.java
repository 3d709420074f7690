package dev.clipjvm.clip.data.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.FolderLayout;
import dev.clipjvm.clip.data.pipeline.TestCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularAndFolderSourceTest {
  @TempDir Path dir;

  private static List<SourceItem> all(RecordSource source) throws IOException {
    List<SourceItem> out = new ArrayList<>();
    try (RecordStream s = source.open()) {
      s.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void csvResolvesPathsAgainstTheFileAndHandlesQuoting() throws IOException {
    Files.createDirectories(dir.resolve("img"));
    Files.write(dir.resolve("img/a.png"), TestCodecs.image(4, 4, 1, "png"));
    Files.writeString(dir.resolve("pairs.csv"), """
        id,filepath,title
        1,img/a.png,"a cat, sitting ""quietly""
        on two lines"
        2,img/b.png,
        """);

    List<SourceItem> items = all(new CsvRecordSource(dir.resolve("pairs.csv"), "filepath",
        "title", ','));

    assertThat(items).hasSize(2);
    SourceItem.Pair a = (SourceItem.Pair) items.get(0);
    assertThat(a.caption()).isEqualTo("a cat, sitting \"quietly\"\non two lines");
    assertThat(((ImageData.File) a.image()).path())
        .isEqualTo(dir.toAbsolutePath().resolve("img/a.png"));
    assertThat(((SourceItem.Bad) items.get(1)).reason()).isEqualTo(BadReason.MISSING_CAPTION);
  }

  @Test
  void tsvNamesAMissingColumn() throws IOException {
    Files.writeString(dir.resolve("p.tsv"), "image\ttext\nx.png\thello\n");
    CsvRecordSource source = new CsvRecordSource(dir.resolve("p.tsv"), "filepath", "text", '\t');
    org.assertj.core.api.Assertions.assertThatThrownBy(source::open)
        .hasMessageContaining("no column \"filepath\" (columns: image, text)");
    assertThat(all(new CsvRecordSource(dir.resolve("p.tsv"), "image", "text", '\t')))
        .extracting(i -> ((SourceItem.Pair) i).caption()).containsExactly("hello");
  }

  @Test
  void foldersWithSidecarCaptionsAndClassFolders() throws IOException {
    Path side = Files.createDirectories(dir.resolve("side/sub"));
    Files.write(side.resolve("b.jpg"), TestCodecs.image(4, 4, 2, "jpg"));
    Files.writeString(side.resolve("b.txt"), "a bird\n");
    Files.write(dir.resolve("side/a.png"), TestCodecs.image(4, 4, 1, "png"));
    List<SourceItem> sidecar = all(new FolderRecordSource(dir.resolve("side"),
        FolderLayout.SIDECAR_CAPTIONS, List.of()));
    assertThat(sidecar).extracting(SourceItem::key).containsExactly("a.png", "sub/b.jpg");
    assertThat(((SourceItem.Bad) sidecar.get(0)).reason()).isEqualTo(BadReason.MISSING_CAPTION);
    assertThat(((SourceItem.Pair) sidecar.get(1)).caption()).isEqualTo("a bird");

    for (String cls : List.of("dog", "cat")) {
      Path d = Files.createDirectories(dir.resolve("cls").resolve(cls));
      Files.write(d.resolve("1.png"), TestCodecs.image(4, 4, 3, "png"));
      Files.write(d.resolve("2.png"), TestCodecs.image(4, 4, 4, "png"));
    }
    List<SourceItem> classes = all(new FolderRecordSource(dir.resolve("cls"),
        FolderLayout.CLASS_PER_FOLDER, List.of("a photo of a {}.", "a {}.")));
    assertThat(classes).extracting(i -> ((SourceItem.Pair) i).caption())
        .containsExactly("a photo of a cat.", "a cat.", "a photo of a dog.", "a dog.");
    assertThat(classes).extracting(i -> ((SourceItem.Pair) i).label())
        .containsExactly(OptionalInt.of(0), OptionalInt.of(0), OptionalInt.of(1),
            OptionalInt.of(1));
  }
}
