package dev.clipjvm.clip.tf.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.LoaderBatchSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderBatchSourceTest {
  @TempDir Path dir;
  private DataConfig data;
  private BpeTokenizer tokenizer;

  @BeforeEach
  void shards() throws IOException {
    TinyShards shards = TinyShards.write(dir);
    data = shards.data(32);
    tokenizer = shards.tokenizer();
  }

  private LoaderBatchSource open() {
    return new LoaderBatchSource(data, ClipCodecs.of(tokenizer), 12, 5, 0, 1,
        OptionalInt.empty());
  }

  /** The first {@code count} batches of 8 of an uninterrupted stream. */
  private List<Batch> straight(int count) {
    try (LoaderBatchSource s = open()) {
      List<Batch> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(s.batch(i * 8L, 8).orElseThrow());
      }
      return out;
    }
  }

  @Test
  void withoutAStoredPositionAResumeReplaysTheStreamExactly() {
    List<Batch> expected = straight(5);
    try (LoaderBatchSource resumed = open()) {
      Batch third = resumed.batch(24, 8).orElseThrow();

      assertThat(expected.get(0).images()).hasSize(8 * 32 * 32 * 3);
      assertThat(expected.get(0).contextLength()).isEqualTo(12);
      assertThat(third.images()).isEqualTo(expected.get(3).images());
      assertThat(third.tokens()).isEqualTo(expected.get(3).tokens());
      assertThat(resumed.batch(32, 8).orElseThrow().images()).isEqualTo(expected.get(4).images());
      // The replay decoded the 24 records before the position, then the two batches read.
      assertThat(resumed.badRecords().seen()).isEqualTo(40);
      assertThat(resumed.countsFrom()).isZero();
    }
  }

  @Test
  void remembersThePositionAfterEachRecentBatchNotOnlyTheLatest() {
    try (LoaderBatchSource s = open()) {
      for (int i = 0; i < 5; i++) {
        s.batch(i * 8L, 8);
      }
      // One part, no bad records: after p pairs, p records were drawn; an epoch has 30.
      assertThat(s.streamPosition(24)).contains(new DataPosition(24,
          List.of(new DataPosition.Part(0, 24))));
      assertThat(s.streamPosition(40)).contains(new DataPosition(40,
          List.of(new DataPosition.Part(1, 10))));
      assertThat(s.streamPosition(20)).isEmpty();
      for (int i = 5; i < 5 + LoaderBatchSource.REMEMBERED; i++) {
        s.batch(i * 8L, 8);
      }
      assertThat(s.streamPosition(40)).isEmpty();
      assertThat(s.streamPosition(8L * (5 + LoaderBatchSource.REMEMBERED))).isPresent();
    }
  }

  @Test
  void openedAtAStoredPositionItDecodesNoEarlierRecordAndContinuesExactly() {
    List<Batch> expected = straight(5);
    DataPosition after24;
    try (LoaderBatchSource s = open()) {
      for (int i = 0; i < 5; i++) {
        s.batch(i * 8L, 8);
      }
      after24 = s.streamPosition(24).orElseThrow();
    }
    try (LoaderBatchSource resumed = open()) {
      resumed.openAt(24, 8, after24);
      Batch fourth = resumed.batch(24, 8).orElseThrow();

      assertThat(fourth.images()).isEqualTo(expected.get(3).images());
      assertThat(fourth.tokens()).isEqualTo(expected.get(3).tokens());
      // Only the batch returned was decoded: no replay of the 24 pairs before it.
      assertThat(resumed.badRecords().seen()).isEqualTo(8);
      assertThat(resumed.countsFrom()).isEqualTo(24);
      Batch fifth = resumed.batch(32, 8).orElseThrow();
      assertThat(fifth.images()).isEqualTo(expected.get(4).images());
      assertThat(fifth.tokens()).isEqualTo(expected.get(4).tokens());
      assertThat(resumed.streamPosition(40)).contains(new DataPosition(40,
          List.of(new DataPosition.Part(1, 10))));
    }
  }

  @Test
  void aStoredPositionThatDoesNotFitTheSourceFailsAtOnce() {
    try (LoaderBatchSource s = open()) {
      assertThatThrownBy(() -> s.openAt(16, 8, DataPosition.start(2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("data position has 2 parts but the source has 1");
      assertThatThrownBy(() -> s.openAt(16, 8,
          new DataPosition(16, List.of(new DataPosition.Part(0, 31)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is past the end of epoch 0");
      assertThat(s.streamPosition(16)).isEmpty();
    }
  }
}
