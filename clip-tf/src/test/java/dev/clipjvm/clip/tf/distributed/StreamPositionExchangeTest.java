package dev.clipjvm.clip.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.data.DataPosition;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamPositionExchangeTest {
  private static final DataPosition MIXED = new DataPosition(3_000_000_041L,
      List.of(new DataPosition.Part(2, 7), new DataPosition.Part(0, 1L << 40)));

  @Test
  void aPositionSurvivesItsIntegerFormExactly() {
    long[] v = StreamPositionExchange.encode(Optional.of(MIXED));
    assertThat(v).containsExactly(1, 3_000_000_041L, 2, 7, 0, 1L << 40);
    assertThat(StreamPositionExchange.decode(v)).contains(MIXED);
  }

  @Test
  void noPositionIsOneZeroAndPaddingIsIgnoredOnlyWhenCutAway() {
    assertThat(StreamPositionExchange.encode(Optional.empty())).containsExactly(0);
    assertThat(StreamPositionExchange.decode(new long[] {0, 0, 0, 0})).isEmpty();
    long[] padded = Arrays.copyOf(StreamPositionExchange.encode(Optional.of(
        DataPosition.start(1))), 6);
    // The gathered row of a rank with a shorter vector carries zero padding; decode takes the
    // rank's own length, which the exchange gathers first.
    assertThat(StreamPositionExchange.decode(Arrays.copyOf(padded, 4)))
        .contains(DataPosition.start(1));
    assertThat(StreamPositionExchange.decode(padded)).contains(new DataPosition(0,
        List.of(new DataPosition.Part(0, 0), new DataPosition.Part(0, 0))));
  }
}
