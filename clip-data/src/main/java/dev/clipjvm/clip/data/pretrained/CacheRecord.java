package dev.clipjvm.clip.data.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The metadata beside a cached file ({@code ViT-B-32.pt.json}): one JSON object with the keys
 * {@code name}, {@code url}, {@code sha256}, {@code bytes} and {@code verified_by} (a
 * {@link HashSource} key). For Hugging Face files its {@code sha256} is what later reads are
 * checked against.
 */
record CacheRecord(String name, String url, String sha256, long bytes, HashSource verifiedBy) {
  // Budget for reading outside bytes: a record is a few hundred bytes.
  private static final long MAX_BYTES = 64 * 1024;
  private static final List<String> KEYS = List.of("name", "url", "sha256", "bytes", "verified_by");

  /** The metadata file of a cached file: its path plus {@code .json}. */
  static Path of(Path cachedFile) {
    return cachedFile.resolveSibling(cachedFile.getFileName() + ".json");
  }

  /**
   * Reads a record.
   *
   * @throws IOException when the file cannot be read, exceeds the budget, or is not a record
   *     (message naming the file and the key at fault)
   */
  static CacheRecord read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(file + " is " + size + " bytes; a cache record is at most "
          + MAX_BYTES);
    }
    // The one strict mapper: a duplicate key or trailing text is a broken record, not ignored.
    JsonNode tree = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    if (tree == null || !tree.isObject()) {
      throw new IOException(file + " is not a JSON object");
    }
    for (String key : KEYS) {
      if (!tree.path(key).isValueNode()) {
        throw new IOException(file + " lacks the key '" + key + "'");
      }
    }
    String sha256 = tree.get("sha256").asText();
    if (!Sha256.isHex(sha256)) {
      throw new IOException(file + ": 'sha256' is not 64 hexadecimal digits: '" + sha256 + "'");
    }
    JsonNode bytes = tree.get("bytes");
    if (!bytes.canConvertToLong() || bytes.asLong() < 0) {
      throw new IOException(file + ": 'bytes' is not a size: " + bytes);
    }
    String verifiedBy = tree.get("verified_by").asText();
    HashSource source = HashSource.ofKey(verifiedBy).orElseThrow(() -> new IOException(
        file + ": 'verified_by' is not a known hash source: '" + verifiedBy + "'"));
    return new CacheRecord(tree.get("name").asText(), tree.get("url").asText(),
        Sha256.checked(sha256), bytes.asLong(), source);
  }

  /** Writes the record through a temporary file and an atomic rename. */
  void write(Path file) throws IOException {
    ObjectNode tree = Json.object().put("name", name).put("url", url)
        .put("sha256", sha256).put("bytes", bytes).put("verified_by", verifiedBy.key());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, Json.line(tree) + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
