package dev.clipjvm.clip.tf.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;

/**
 * Cuts TensorBoard event files back to a step. A resumed run trains the steps after its last
 * checkpoint again and writes them to a new event file; without the cut TensorBoard would show
 * those steps twice. Records are TFRecords ({@code uint64 length, uint32 crc, data, uint32 crc})
 * copied byte for byte, so their checksums stay valid; a record torn by a killed process ends
 * the file.
 */
final class EventFiles {
  private EventFiles() {}

  /** Keeps, in every event file of {@code dir}, only the events at or before {@code step}. */
  static void truncate(Path dir, long step) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().startsWith("events.out."))
          .toList();
      for (Path f : files) {
        truncateFile(f, step);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cut TensorBoard events in " + dir + " back to step "
          + step + ": " + e, e);
    }
  }

  private static void truncateFile(Path file, long step) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
    boolean changed = false;
    while (in.remaining() >= 12) {
      int start = in.position();
      long length = in.getLong();
      if (length < 0 || length > in.remaining() - 8L) {
        break; // torn by a killed writer
      }
      in.position(in.position() + 4);
      byte[] data = new byte[(int) length];
      in.get(data);
      in.position(in.position() + 4);
      if (keep(data, step)) {
        kept.write(bytes, start, in.position() - start);
      } else {
        changed = true;
      }
    }
    changed |= in.hasRemaining();
    if (changed) {
      Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + System.nanoTime());
      Files.write(temp, kept.toByteArray());
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static boolean keep(byte[] data, long step) {
    try {
      Event e = Event.parseFrom(data);
      return !e.hasSummary() || e.getStep() <= step;
    } catch (IOException ex) { // not an Event: a damaged record
      return false;
    }
  }
}
