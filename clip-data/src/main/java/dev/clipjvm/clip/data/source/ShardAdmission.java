package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.data.image.ImageDecodeException;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.ImageTooLargeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which files a CSV or folder names may go into a shard: only regular files (a device
 * would be read forever, a FIFO would block) of at most a size limit that decode as images within
 * the decoder's pixel limit, and, unless links may be followed, none whose real location leaves
 * the source folder through a symbolic link. Nothing is opened before its type is known.
 */
public final class ShardAdmission {

  private final Path root;
  private final Path realRoot;
  private final boolean followLinks;
  private final ImageDecoder decoder;
  private final long maxBytes;

  /**
   * Admits files under {@code root} (the folder, or the CSV file's folder); with
   * {@code followLinks} a symbolic link may lead anywhere.
   */
  public ShardAdmission(Path root, boolean followLinks, ImageDecoder decoder, long maxBytes)
      throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
    this.followLinks = followLinks;
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The outcome for one file. */
  public sealed interface Outcome permits Admitted, Refused {}

  /** The file's bytes, checked to decode as an image. */
  public record Admitted(byte[] bytes) implements Outcome {}

  /** Why the file stays out of the shards. */
  public record Refused(BadReason reason, String detail) implements Outcome {}

  /** Checks {@code file} and reads it when it may be stored. */
  public Outcome admit(Path file) {
    Path path = file.toAbsolutePath().normalize();
    BasicFileAttributes own;
    BasicFileAttributes target;
    Path real;
    try {
      own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      target = Files.readAttributes(path, BasicFileAttributes.class);
      real = path.toRealPath();
    } catch (IOException e) {
      return new Refused(BadReason.UNREADABLE_FILE, "cannot read " + file + ": " + e);
    }
    if (!followLinks && !real.startsWith(realRoot)
        && (own.isSymbolicLink() || path.startsWith(root))) {
      return new Refused(BadReason.UNSAFE_ENTRY, file + " is a symbolic link leaving " + root
          + " (to " + real + "); --follow-links allows it");
    }
    Optional<RegularFiles.Refusal> irregular = RegularFiles.check(path);
    if (irregular.isPresent()) {
      return new Refused(irregular.get().reason(), irregular.get().detail());
    }
    if (target.size() > maxBytes) {
      return new Refused(BadReason.OVERSIZED_IMAGE, file + " has " + target.size()
          + " bytes, more than " + maxBytes);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(real);
    } catch (IOException e) {
      return new Refused(BadReason.UNREADABLE_FILE, "cannot read " + file + ": " + e);
    }
    if (bytes.length > maxBytes) {
      return new Refused(BadReason.OVERSIZED_IMAGE, file + " grew past " + maxBytes + " bytes");
    }
    try {
      decoder.decode(bytes, file.toString());
    } catch (ImageTooLargeException e) {
      return new Refused(BadReason.OVERSIZED_IMAGE, e.getMessage());
    } catch (ImageDecodeException e) {
      return new Refused(BadReason.CORRUPT_IMAGE, e.getMessage());
    }
    return new Admitted(bytes);
  }
}
