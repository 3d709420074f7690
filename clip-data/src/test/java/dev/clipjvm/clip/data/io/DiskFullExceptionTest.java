package dev.clipjvm.clip.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk is named as one, with the file being written, whichever writer met it. */
class DiskFullExceptionTest {
  @TempDir Path dir;

  @Test
  void theJdksAndTensorFlowsWordsForAFullDiskNameTheFile() {
    Path file = dir.resolve("checkpoints/step-5");
    UncheckedIOException jdk = DiskFullException.writing(file,
        new IOException("No space left on device"));
    assertThat(jdk).hasMessage("no space left on device writing " + file)
        .hasCauseInstanceOf(DiskFullException.class);
    // TensorFlow's RESOURCE_EXHAUSTED for ENOSPC carries an out-of-memory hint.
    RuntimeException tf = new RuntimeException("/x/variables.data-00000-of-00001.tempstate1; No "
        + "space left on device; [[{{node save/Save}}]]; Hint: If you want to see a list of "
        + "allocated tensors when OOM happens, add report_tensor_allocations_upon_oom");
    assertThat(DiskFullException.writing(file, tf).getCause())
        .hasMessage("no space left on device writing " + file);
    assertThat(DiskFullException.reports(new IllegalStateException("wrapped", tf))).isTrue();
  }

  @Test
  void otherWriteFailuresKeepTheirCause() {
    IOException denied = new IOException("Permission denied");
    assertThat(DiskFullException.naming(dir, denied)).isSameAs(denied);
    assertThat(DiskFullException.writing(dir, denied))
        .hasMessage("cannot write " + dir + ": java.io.IOException: Permission denied")
        .hasCause(denied);
  }

  /** /dev/full answers every write with ENOSPC: a full disk without mounting one. */
  @Test
  void safetensorsAndShardWritersReportAFullDevice() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    TensorData t = new TensorData("x", DType.F32, new long[] {4096},
        ByteBuffer.allocate(4 * 4096));
    assertThatThrownBy(() -> Safetensors.write(full, List.of(t), Map.of()))
        .isInstanceOf(DiskFullException.class)
        .hasMessage("no space left on device writing /dev/full");
    Path shards = Files.createDirectories(dir.resolve("shards"));
    Files.createSymbolicLink(shards.resolve("s-00000.tar.partial"), full);
    assertThatThrownBy(() -> {
      try (ShardWriter w = new ShardWriter(shards, "s", 1)) {
        w.write("a", "png", new byte[1 << 17], "caption", "");
      }
    }).isInstanceOf(DiskFullException.class)
        .hasMessage("no space left on device writing " + shards.resolve("s-00000.tar.partial"));
  }
}
