package dev.clipjvm.clip.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTest {
  @TempDir Path dir;

  @Test
  void readsOneAddressPerLineSkippingCommentsAndBlanks() throws IOException {
    Path f = dir.resolve("cluster.txt");
    Files.writeString(f, "# two workers\n10.0.0.1:2222\n\n  host-b.example:2223  \n[::1]:9\n");
    Cluster c = Cluster.read(f, 1);
    assertThat(c.workers()).containsExactly("10.0.0.1:2222", "host-b.example:2223", "[::1]:9");
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.address()).isEqualTo("host-b.example:2223");
    assertThat(c.port()).isEqualTo(2223);
    assertThat(c.taskScope()).isEqualTo("/job:worker/replica:0/task:1");
  }

  @Test
  void badFilesNameTheFileLineAndValue() throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "127.0.0.1:2222\nlocalhost\n");
    assertThatThrownBy(() -> Cluster.read(f, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("line 2")
        .hasMessageContaining("'localhost' is not host:port");
    Files.writeString(f, "127.0.0.1:70000\n");
    assertThatThrownBy(() -> Cluster.read(f, 0)).hasMessageContaining("port 70000");
    Files.writeString(f, "127.0.0.1:1\n127.0.0.1:1\n");
    assertThatThrownBy(() -> Cluster.read(f, 0)).hasMessageContaining("listed twice");
    Files.writeString(f, "# nothing\n");
    assertThatThrownBy(() -> Cluster.read(f, 0)).hasMessageContaining("no workers");
    assertThatThrownBy(() -> Cluster.read(dir.resolve("missing.txt"), 0))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no such file");
  }

  @Test
  void theTaskMustBeListed() {
    assertThatThrownBy(() -> new Cluster(List.of("127.0.0.1:5000", "127.0.0.1:5001"), 2))
        .hasMessageContaining("task 2 is not in 0..1");
    assertThat(Cluster.loopback(5000, 2, 1).workers())
        .containsExactly("127.0.0.1:5000", "127.0.0.1:5001");
  }

  @Test
  void communicationVolumeFollowsTheRingFormula() {
    // 4 (N-1)/N (2 B d + 2 P): nothing with one worker, half of it with two.
    assertThat(DataParallel.bytesPerStep(1, 64, 128, 1000)).isZero();
    assertThat(DataParallel.bytesPerStep(2, 64, 128, 1000)).isEqualTo(2L * (2 * 64 * 128 + 2000));
    assertThat(DataParallel.bytesPerStep(4, 0, 0, 1000)).isEqualTo(6000);
  }
}
