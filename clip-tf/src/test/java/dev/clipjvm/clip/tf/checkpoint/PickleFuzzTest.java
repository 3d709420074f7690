package dev.clipjvm.clip.tf.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the restricted unpickler and the PyTorch zip reader: any bytes are read within the
 * pickle budgets (memo, graph size, depth, string lengths) or rejected with a
 * {@link CheckpointFormatException}; an OutOfMemoryError, a StackOverflowError, a hang or a raw
 * runtime exception is a finding.
 */
class PickleFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void unpicklesOrRejects(byte[] pickle) {
    try {
      new RestrictedUnpickler("fuzz.pkl", pickle, args -> args, call -> call).load();
    } catch (CheckpointFormatException expected) {
      // A rejection naming the source and the limit or opcode.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void readsTorchArchivesOrRejects(byte[] zip) throws IOException {
    Path file = Files.createTempFile("fuzz", ".pt");
    try {
      Files.write(file, zip);
      TorchArchive.read(file);
    } catch (CheckpointFormatException | IOException expected) {
      // Not a torch.save archive, or a broken one: said so, naming the file.
    } finally {
      Files.delete(file);
    }
  }
}
