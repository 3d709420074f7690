package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.model.InvalidInputException;
import dev.clipjvm.clip.data.io.DiskFullException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How failures the commands meet become one line and an exit code. */
class FailuresTest {

  @Test
  void aFullDiskIsOnePlainLineWhicheverWriterMetIt() {
    Path file = Path.of("runs/x/checkpoints/step-00000005");
    assertThat(Failures.diskFull(DiskFullException.writing(file,
        new IOException("No space left on device"))))
        .contains("no space left on device writing " + file);
    // TensorFlow's words, from a writer that does not name its file: no out-of-memory hint.
    RuntimeException tf = new RuntimeException("/x/events.out; No space left on device; Hint: "
        + "If you want to see a list of allocated tensors when OOM happens, add ...");
    assertThat(Failures.diskFull(tf))
        .contains("no space left on device; free some space or write elsewhere");
    assertThat(Failures.diskFull(new IOException("Permission denied"))).isEmpty();
  }

  @Test
  void inputTheLibraryRefusesIsAUserMistakeByTypeAlone() {
    assertThat(Failures.userMistake(new InvalidInputException("idx is not an image index")))
        .contains("idx is not an image index");
    assertThat(Failures.userMistake(new IllegalArgumentException("a bug"))).isEmpty();
  }
}
