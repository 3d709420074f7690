package dev.clipjvm.clip.data.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.data.source.RecordStream;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.source.SourceItem;
import dev.clipjvm.clip.data.source.TarShardSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratorTest {
  @TempDir Path dir;

  @Test
  void matchesWholeWordsCaseInsensitivelyIncludingMultiWordQueries() {
    QueryMatcher m = new QueryMatcher(List.of("cat", "red car", "New York City", "york", "Cat"));
    assertThat(m.matches("A CAT's toy in new  york-city")).containsExactly(0, 2, 3);
    assertThat(m.matches("category of cats, a red carpet")).isEmpty();
    assertThat(m.matches("the Red Car; red car again")).containsExactly(1);
    assertThatThrownBy(() -> new QueryMatcher(List.of("ok", "--")))
        .hasMessageContaining("query 2 \"--\" has no words");
  }

  @Test
  void curatedCountsEqualTheBruteForceReference() throws IOException {
    CaptionCorpus corpus = new CaptionCorpus(400, 11);
    List<String> queries = new ArrayList<>(corpus.queries(300));
    queries.add("KA, lo");
    queries.add(queries.get(0).toUpperCase());
    Path shards = dir.resolve("in");
    try (ShardWriter w = new ShardWriter(shards, "corpus", 700)) {
      corpus.write(w, 3000);
    }
    int k = 7;

    CurationReport report;
    try (ShardWriter out = new ShardWriter(dir.resolve("out"), "curated", 500)) {
      report = new Curator(new QueryMatcher(queries), k).curate(
          TarShardSource.of(List.of(shards + "/corpus-{00000..00004}.tar")), out);
    }
    BruteForceCounts brute = new BruteForceCounts(queries, k);
    for (long i = 0; i < 3000; i++) {
      brute.add(corpus.caption(i));
    }

    assertThat(report.pairs()).isEqualTo(3000);
    assertThat(report.matched()).isEqualTo(brute.matched());
    assertThat(report.kept()).isEqualTo(brute.kept());
    assertThat(Arrays.stream(report.kept()).max().orElseThrow()).isEqualTo(k);
    assertThat(Arrays.stream(report.matched()).filter(x -> x > k).count()).isGreaterThan(10);
    assertThat(report.kept()[queries.size() - 1]).isZero();
    assertThat(report.keptTotal()).isEqualTo(Arrays.stream(report.kept()).sum());

    List<String> written = new ArrayList<>();
    try (RecordStream s = TarShardSource.of(List.of(dir + "/out/curated-{00000..00009}.tar"
        .replace("00009", String.format("%05d", (report.keptTotal() - 1) / 500)))).open()) {
      s.forEachRemaining(i -> written.add(((SourceItem.Pair) i).caption()));
    }
    assertThat(written).hasSize((int) report.keptTotal());
    QueryMatcher m = new QueryMatcher(queries);
    assertThat(written).allMatch(c -> m.matches(c).length > 0);

    report.writeTsv(dir.resolve("counts.tsv"));
    List<String> lines = Files.readAllLines(dir.resolve("counts.tsv"));
    assertThat(lines).hasSize(queries.size() + 1);
    assertThat(lines.get(1)).isEqualTo(queries.get(0) + "\t" + report.matched()[0] + "\t"
        + report.kept()[0]);
  }
}
