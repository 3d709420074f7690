package dev.clipjvm.clip.data.tensor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the safetensors reader: any bytes are read within budgets or rejected with the library's
 * own exception; anything else (an OutOfMemoryError, a raw runtime exception, a hang) is a
 * finding. The corpus under {@code SafetensorsFuzzTestInputs} replays in every build.
 */
class SafetensorsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void readsOrRejectsAnyFile(byte[] bytes) throws IOException {
    Path file = Files.createTempFile("fuzz", ".safetensors");
    try {
      Files.write(file, bytes);
      TensorFile read = Safetensors.read(file);
      long bytesRead = 0;
      for (TensorData t : read.tensors().values()) {
        bytesRead += t.data().remaining(); // every view lies inside the file
      }
      if (bytesRead < 0) {
        throw new AssertionError("negative tensor size in " + file);
      }
    } catch (CheckpointFormatException | IOException expected) {
      // A rejection naming the file is the contract.
    } finally {
      Files.delete(file);
    }
  }
}
