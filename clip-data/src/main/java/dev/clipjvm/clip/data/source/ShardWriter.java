package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.data.io.DiskFullException;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes WebDataset tar shards ({@code PREFIX-00000.tar}, ...) of at most {@code perShard}
 * samples each: {@code KEY.EXT} image, {@code KEY.txt} caption, optional {@code KEY.json}.
 * Each shard is written to a temporary name and renamed when complete.
 */
public final class ShardWriter implements Closeable {
  private final Path dir;
  private final String prefix;
  private final int perShard;
  private final List<Path> written = new ArrayList<>();
  private TarArchiveOutputStream tar;
  private Path partial;
  private int inShard;
  private long samples;

  /** Writes shards named {@code prefix-NNNNN.tar} into {@code dir} (created if missing). */
  public ShardWriter(Path dir, String prefix, int perShard) throws IOException {
    if (perShard <= 0) {
      throw new IllegalArgumentException("samples per shard must be positive, got " + perShard);
    }
    this.dir = Files.createDirectories(dir);
    this.prefix = prefix;
    this.perShard = perShard;
  }

  /** Appends one sample; {@code json} may be empty for none. */
  public void write(String key, String imageExtension, byte[] image, String caption, String json)
      throws IOException {
    if (key.isEmpty() || key.contains(".") || key.startsWith("/") || key.contains("\\")) {
      throw new IllegalArgumentException("sample key \"" + key
          + "\" must be non-empty, relative, without dots or backslashes");
    }
    if (tar == null) {
      partial = dir.resolve(String.format("%s-%05d.tar.partial", prefix, written.size()));
      OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
      tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }
    try {
      entry(key + "." + imageExtension, image);
      entry(key + ".txt", caption.getBytes(StandardCharsets.UTF_8));
      if (!json.isEmpty()) {
        entry(key + ".json", json.getBytes(StandardCharsets.UTF_8));
      }
      samples++;
      if (++inShard == perShard) {
        finishShard();
      }
    } catch (IOException e) {
      throw DiskFullException.naming(partial, e);
    }
  }

  private void entry(String name, byte[] bytes) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setModTime(0L);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private void finishShard() throws IOException {
    tar.close();
    Path done = dir.resolve(partial.getFileName().toString().replace(".tar.partial", ".tar"));
    Files.move(partial, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    written.add(done);
    tar = null;
    inShard = 0;
  }

  /** The complete shards written so far. */
  public List<Path> shards() {
    return List.copyOf(written);
  }

  /** Samples written so far. */
  public long samples() {
    return samples;
  }

  /** A brace pattern naming every shard written, e.g. {@code out/data-{00000..00009}.tar}. */
  public String pattern() {
    int n = written.size();
    return n == 1 ? written.get(0).toString()
        : dir.resolve(String.format("%s-{00000..%05d}.tar", prefix, n - 1)).toString();
  }

  /** Finishes the last shard. */
  @Override
  public void close() throws IOException {
    if (tar != null) {
      try {
        finishShard();
      } catch (IOException e) {
        throw DiskFullException.naming(partial, e);
      }
    }
  }
}
