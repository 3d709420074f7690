package dev.clipjvm.clip.data.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One pass over tar shards, grouping consecutive entries by WebDataset key. Without bodies
 * (for counting samples) the entries' bytes are skipped, not read: every item then has the
 * grouping and the record count of a full pass, but no usable content.
 */
final class TarShardStream implements RecordStream {
  private final List<Path> shards;
  private final long maxEntryBytes;
  private final Deque<SourceItem> ready = new ArrayDeque<>();
  private int nextShard;
  private TarArchiveInputStream tar;
  private Path current;
  private final boolean bodies;
  private final boolean labelled;
  private SampleGroup group;

  /**
   * A pass; {@code labelled} samples need a {@code cls} label id instead of a caption (a
   * missing {@code txt} is then captioned by the label id).
   */
  TarShardStream(List<Path> shards, long maxEntryBytes, boolean bodies, boolean labelled) {
    this.shards = shards;
    this.maxEntryBytes = maxEntryBytes;
    this.bodies = bodies;
    this.labelled = labelled;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      if (tar == null && !openNextShard()) {
        return false;
      }
      if (tar != null) {
        readEntry();
      }
    }
    return true;
  }

  @Override
  public SourceItem next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private boolean openNextShard() {
    if (nextShard >= shards.size()) {
      return false;
    }
    current = shards.get(nextShard++);
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(current), 1 << 16);
      tar = new TarArchiveInputStream(in);
    } catch (IOException e) {
      ready.add(new SourceItem.Bad(current.toString(), BadReason.UNREADABLE_FILE,
          "cannot open tar shard " + current + ": " + e));
    }
    return true;
  }

  /** Reads one entry, emitting the previous group when the key changes. */
  private void readEntry() {
    try {
      TarArchiveEntry e = tar.getNextEntry();
      if (e == null) {
        flushGroup();
        closeShard();
        return;
      }
      if (e.isDirectory()) {
        return;
      }
      String name = e.getName();
      String key = WebDatasetKeys.key(name);
      if (group != null && !group.key().equals(key)) {
        flushGroup();
      }
      if (group == null) {
        group = new SampleGroup(key, current, labelled);
      }
      // isFile() is true for character devices and FIFOs (any flag but a directory's).
      if (e.isSymbolicLink() || e.isLink() || !e.isFile() || e.isCharacterDevice()
          || e.isBlockDevice() || e.isFIFO()) {
        group.reject(BadReason.UNSAFE_ENTRY, "tar entry \"" + name + "\" in " + current
            + " is a link or special file");
        return;
      }
      var unsafe = WebDatasetKeys.unsafeName(name);
      if (unsafe.isPresent()) {
        group.reject(BadReason.UNSAFE_ENTRY, unsafe.get() + " in " + current);
        return;
      }
      if (e.getSize() > maxEntryBytes) {
        group.reject(BadReason.OVERSIZED_IMAGE, "tar entry \"" + name + "\" in " + current
            + " has " + e.getSize() + " bytes, more than " + maxEntryBytes);
        return;
      }
      group.add(WebDatasetKeys.extension(name), bodies ? tar.readAllBytes() : new byte[0]);
    } catch (IOException | RuntimeException ex) {
      String key = group != null ? group.key() : current.toString();
      group = null;
      ready.add(new SourceItem.Bad(key, BadReason.UNREADABLE_FILE,
          "tar shard " + current + " is unreadable or truncated: " + ex.getMessage()));
      closeShard();
    }
  }

  private void flushGroup() {
    if (group != null) {
      ready.add(group.toItem());
      group = null;
    }
  }

  private void closeShard() {
    try {
      if (tar != null) {
        tar.close();
      }
    } catch (IOException ignored) {
      // Closing a read-only stream cannot lose data.
    }
    tar = null;
  }

  @Override
  public void close() {
    closeShard();
  }

  /** The entries of one WebDataset sample. */
  private static final class SampleGroup {
    private final String key;
    private byte[] image;
    private String imageExt = "";
    private String caption;
    private String json = "";
    private String cls;
    private final boolean labelled;
    private BadReason badReason;
    private String badDetail;

    private final Path shard;

    SampleGroup(String key, Path shard, boolean labelled) {
      this.key = key;
      this.shard = shard;
      this.labelled = labelled;
    }

    String key() {
      return key;
    }

    void reject(BadReason reason, String detail) {
      if (badReason == null) {
        badReason = reason;
        badDetail = detail;
      }
    }

    void add(String fullExt, byte[] bytes) {
      // Formats are recognised by the last component (x.seg.png is a PNG), as webdataset does.
      String ext = fullExt.substring(fullExt.lastIndexOf('.') + 1);
      if (WebDatasetKeys.IMAGE_EXTENSIONS.contains(ext) && image == null) {
        image = bytes;
        imageExt = ext;
      } else if (ext.equals("txt")) {
        Captions.Result text = Captions.decode(bytes);
        caption = text.caption();
        text.problem().ifPresent(p -> reject(BadReason.INVALID_CAPTION,
            "caption of sample " + key + " in " + shard + " " + p));
      } else if (ext.equals("json")) {
        json = new String(bytes, StandardCharsets.UTF_8);
      } else if (ext.equals("cls")) {
        cls = new String(bytes, StandardCharsets.UTF_8).strip();
      }
    }

    SourceItem toItem() {
      if (badReason != null) {
        return new SourceItem.Bad(key, badReason, badDetail);
      }
      if (image == null) {
        return new SourceItem.Bad(key, BadReason.MISSING_IMAGE, "sample " + key + " in " + shard + " has no image");
      }
      // A cls entry is the sample's label id, as WebDataset's classification shards store it.
      OptionalInt label = cls != null && cls.matches("0|[1-9][0-9]{0,8}")
          ? OptionalInt.of(Integer.parseInt(cls)) : OptionalInt.empty();
      if (labelled && label.isEmpty()) {
        return new SourceItem.Bad(key, BadReason.MISSING_CAPTION, "sample " + key + " in "
            + shard + (cls == null ? " has no cls label" : " has cls '" + cls
                + "', not a label id"));
      }
      if (caption == null || caption.isEmpty()) {
        if (!labelled) {
          return new SourceItem.Bad(key, BadReason.MISSING_CAPTION,
              "sample " + key + " in " + shard + " has no caption");
        }
        caption = cls;
      }
      return new SourceItem.Pair(key, new ImageData.Encoded(image, imageExt), caption, json,
          label);
    }
  }
}
