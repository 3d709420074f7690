package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.data.pipeline.TestCodecs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds small WebDataset shards for tests. */
public final class TestShards {
  private TestShards() {}

  /** {@code shards} shards of {@code perShard} good PNG samples keyed {@code s00042}. */
  public static List<Path> good(Path dir, int shards, int perShard) throws IOException {
    List<Path> out = new ArrayList<>();
    try (ShardWriter w = new ShardWriter(dir, "shard", perShard)) {
      for (int i = 0; i < shards * perShard; i++) {
        w.write(String.format("s%05d", i), "png", TestCodecs.image(12, 10, i, "png"),
            "caption number " + i, "");
      }
      out.addAll(w.shards());
    }
    return out;
  }

  /** A raw entry for hand-made archives. */
  public record Entry(String name, byte[] bytes, byte linkFlag) {
    /** A regular file entry. */
    public static Entry file(String name, byte[] bytes) {
      return new Entry(name, bytes, TarArchiveEntry.LF_NORMAL);
    }

    /** A regular file entry holding text. */
    public static Entry text(String name, String text) {
      return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A symbolic link entry. */
    public static Entry symlink(String name) {
      return new Entry(name, new byte[0], TarArchiveEntry.LF_SYMLINK);
    }
  }

  /** Writes the entries, in order, as one tar file. */
  public static Path tar(Path file, List<Entry> entries) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
      for (Entry e : entries) {
        TarArchiveEntry te = new TarArchiveEntry(e.name(), e.linkFlag(), true);
        if (e.linkFlag() == TarArchiveEntry.LF_SYMLINK) {
          te.setLinkName("/etc/passwd");
        } else {
          te.setSize(e.bytes().length);
        }
        tar.putArchiveEntry(te);
        tar.write(e.bytes());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }
}
