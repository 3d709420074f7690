package dev.clipjvm.clip.tf.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.InvalidInputException;
import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import dev.clipjvm.clip.data.tensor.TensorFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A directory of image embeddings: {@code embeddings.safetensors} (F32 {@code [n, embed_dim]},
 * L2-normalized, tensor {@code image_embeds}), {@code images.txt} (one path a line, row order)
 * and {@code index.json} (the model identity and the row count), plus {@code failed.txt} (files
 * that could not be read, with the reason, tab-separated) so re-runs skip them.
 *
 * <p>Writes replace each file atomically, embeddings and paths before {@code index.json}; rows are
 * only ever appended, so an interrupted write leaves a readable index of the rows
 * {@code index.json} counts. Instances are immutable.
 */
public final class ImageIndex {
  /** The value of {@code format} in {@code index.json}. */
  public static final String FORMAT = "clip-image-index/1";

  private final ModelIdentity model;
  private final List<String> images;
  private final float[] embeddings; // [n, embed_dim], rows L2-normalized
  private final List<String> failed;

  private ImageIndex(ModelIdentity model, List<String> images, float[] embeddings,
      List<String> failed) {
    this.model = model;
    this.images = List.copyOf(images);
    this.embeddings = embeddings;
    this.failed = List.copyOf(failed);
  }

  /** An index with no images for {@code model}. */
  public static ImageIndex empty(ModelIdentity model) {
    return new ImageIndex(model, List.of(), new float[0], List.of());
  }

  /** The model that made the embeddings. */
  public ModelIdentity model() {
    return model;
  }

  /** Indexed image paths, in row order. */
  public List<String> images() {
    return images;
  }

  /** Files that could not be embedded, as {@code path<TAB>reason}. */
  public List<String> failed() {
    return failed;
  }

  /** Number of indexed images. */
  public int size() {
    return images.size();
  }

  /** The normalized embedding of row {@code i} (a copy). */
  public float[] embedding(int i) {
    int d = model.embedDim();
    return Arrays.copyOfRange(embeddings, i * d, (i + 1) * d);
  }

  /**
   * This index with {@code added} rows (embeddings normalized here) and {@code newlyFailed} files
   * appended.
   */
  public ImageIndex append(List<String> added, float[][] addedEmbeddings,
      List<String> newlyFailed) {
    if (added.size() != addedEmbeddings.length) {
      throw new IllegalArgumentException(added.size() + " paths for " + addedEmbeddings.length
          + " embeddings");
    }
    int d = model.embedDim();
    float[] all = Arrays.copyOf(embeddings, embeddings.length + added.size() * d);
    for (int i = 0; i < added.size(); i++) {
      if (addedEmbeddings[i].length != d) {
        throw new IllegalArgumentException(added.get(i) + ": embedding has "
            + addedEmbeddings[i].length + " values, the index " + d);
      }
      float[] unit = normalize(addedEmbeddings[i]);
      System.arraycopy(unit, 0, all, embeddings.length + i * d, d);
    }
    List<String> paths = new ArrayList<>(images);
    paths.addAll(added);
    List<String> bad = new ArrayList<>(failed);
    bad.addAll(newlyFailed);
    return new ImageIndex(model, paths, all, bad);
  }

  /**
   * The {@code top} images most similar to {@code query} (normalized here) by cosine, best
   * first; ties keep index order.
   */
  public List<Hit> search(float[] query, int top) {
    int d = model.embedDim();
    if (query.length != d) {
      throw new InvalidInputException("query embedding has " + query.length
          + " values; the index holds " + d);
    }
    if (top <= 0) {
      throw new InvalidInputException("--top must be positive, got " + top);
    }
    float[] q = normalize(query);
    float[] scores = new float[size()];
    IntStream.range(0, size()).parallel().forEach(i -> {
      float dot = 0;
      for (int k = 0; k < d; k++) {
        dot += embeddings[i * d + k] * q[k];
      }
      scores[i] = dot;
    });
    return IntStream.range(0, size()).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
        .limit(top)
        .map(i -> new Hit(images.get(i), scores[i]))
        .toList();
  }

  /** {@code v / |v|}; an all-zero vector stays zero. */
  static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = norm == 0 ? 0f : (float) (v[i] / norm);
    }
    return out;
  }

  /** Writes the index into {@code dir} (created if needed), each file replaced atomically. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    int d = model.embedDim();
    Path temp = dir.resolve("embeddings.safetensors.tmp");
    Safetensors.write(temp, List.of(TensorData.ofFloats("image_embeds",
        new long[] {size(), d}, embeddings)), Map.of("format", FORMAT));
    Files.move(temp, dir.resolve("embeddings.safetensors"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    writeLines(dir.resolve("images.txt"), images);
    writeLines(dir.resolve("failed.txt"), failed);
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    ObjectNode m = root.putObject("model");
    m.put("checkpoint", model.checkpoint());
    m.put("sha256", model.sha256());
    m.put("embed_dim", model.embedDim());
    root.put("images", size());
    root.put("failed", failed.size());
    writeLines(dir.resolve("index.json"), List.of(Json.pretty(root)));
  }

  /** Reads the index in {@code dir}; a missing or inconsistent file is an error naming it. */
  public static ImageIndex read(Path dir) throws IOException {
    Path json = dir.resolve("index.json");
    if (!Files.isRegularFile(json)) {
      throw new InvalidInputException(dir + " is not an image index (no index.json)");
    }
    var parsed = Json.parse(json);
    if (parsed.isInvalid()) {
      throw new InvalidInputException(json + ": " + parsed.getError().mkString("; "));
    }
    JsonNode root = parsed.get();
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new InvalidInputException(json + ": format is '" + root.path("format").asText()
          + "', expected '" + FORMAT + "'");
    }
    JsonNode m = root.path("model");
    ModelIdentity model;
    try {
      model = new ModelIdentity(m.path("checkpoint").asText(), m.path("sha256").asText(),
          m.path("embed_dim").asInt());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(json + ": model: " + e.getMessage(), e);
    }
    int n = root.path("images").asInt(-1);
    int nFailed = root.path("failed").asInt(-1);
    List<String> paths = Files.readAllLines(dir.resolve("images.txt"), StandardCharsets.UTF_8);
    // failed.txt only steers re-runs: a user may delete lines (or the file) to retry files.
    Path failedFile = dir.resolve("failed.txt");
    List<String> bad = Files.isRegularFile(failedFile)
        ? Files.readAllLines(failedFile, StandardCharsets.UTF_8).stream()
            .filter(line -> line.indexOf('\t') > 0).toList()
        : List.of();
    Path file = dir.resolve("embeddings.safetensors");
    TensorFile tensors = Safetensors.read(file);
    TensorData e = tensors.tensors().get("image_embeds");
    int d = model.embedDim();
    if (n < 0 || nFailed < 0 || paths.size() < n || e == null
        || e.dtype() != DType.F32 || e.rank() != 2 || e.dim(1) != d || e.dim(0) < n) {
      throw new CheckpointFormatException(file.toString(), "expected F32 image_embeds [>=" + n
          + ", " + d + "] beside " + n + " paths in images.txt, got " + e + " and "
          + paths.size() + " paths");
    }
    float[] flat = Arrays.copyOf(e.toFloats(), n * d);
    return new ImageIndex(model, paths.subList(0, n), flat,
        bad.subList(0, Math.min(nFailed, bad.size())));
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, lines, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
