package dev.clipjvm.clip.tf.search;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import dev.clipjvm.clip.tf.inference.ClipModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which model embedded an index: the checkpoint's SHA-256 decides (the path is kept to find the
 * model again), so embeddings of two models are never mixed or compared.
 *
 * @param checkpoint absolute path of the checkpoint file or run directory the model was loaded
 *     from
 * @param sha256 lower-case hex SHA-256 of the weights file's bytes (a run directory's
 *     {@code model.safetensors})
 * @param embedDim embedding width
 */
public record ModelIdentity(String checkpoint, String sha256, int embedDim) {

  /** Validates the fields. */
  public ModelIdentity {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(sha256, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '"
          + sha256 + "'");
    }
    if (checkpoint.isEmpty()) {
      throw new IllegalArgumentException("checkpoint must name a file");
    }
    if (embedDim <= 0) {
      throw new IllegalArgumentException("embed_dim must be positive, got " + embedDim);
    }
  }

  /**
   * The identity of {@code model}, loaded from {@code checkpoint} (a weights file or a run
   * directory of {@code clip train}, kept to load it again): hashes the weights file the model
   * was read from, about 1 s per GB.
   *
   * @throws IllegalArgumentException for a model bound from an encoder in memory (no file)
   */
  public static ModelIdentity of(Path checkpoint, ClipModel model) throws IOException {
    Path weights = model.weights().orElseThrow(() -> new IllegalArgumentException(
        model.source() + " was not read from a file: an index needs weights on disk"));
    @SuppressWarnings("UnstableApiUsage")
    String hash = MoreFiles.asByteSource(weights).hash(Hashing.sha256()).toString();
    return new ModelIdentity(checkpoint.toAbsolutePath().normalize().toString(), hash,
        model.config().embedDim());
  }

  /** True when both name the same weights (same hash and width; the path may differ). */
  public boolean sameModel(ModelIdentity other) {
    return sha256.equals(other.sha256) && embedDim == other.embedDim;
  }
}
