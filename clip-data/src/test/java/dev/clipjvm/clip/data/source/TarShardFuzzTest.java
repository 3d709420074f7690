package dev.clipjvm.clip.data.source;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes the WebDataset tar reader: any bytes become samples or counted bad records, never an
 * exception, a hang or an allocation beyond the entry limit.
 */
class TarShardFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void everyShardBecomesSamplesOrBadRecords(byte[] bytes) throws IOException {
    Path shard = Files.createTempFile("fuzz", ".tar");
    try {
      Files.write(shard, bytes);
      try (RecordStream s = new TarShardSource(List.of(shard), 1 << 16).open()) {
        while (s.hasNext()) {
          SourceItem item = s.next();
          if (item.key() == null) {
            throw new AssertionError("a sample without a key");
          }
        }
      }
    } finally {
      Files.delete(shard);
    }
  }
}
