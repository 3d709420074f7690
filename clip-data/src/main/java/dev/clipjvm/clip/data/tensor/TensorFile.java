package dev.clipjvm.clip.data.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tensors of one file by name (in file order) and its string metadata.
 *
 * @param source where the tensors were read from (for messages)
 * @param tensors tensors by name
 * @param metadata free-form string metadata ({@code __metadata__} of safetensors)
 */
public record TensorFile(String source, Map<String, TensorData> tensors,
    Map<String, String> metadata) {

  /** Copies the maps (keeping their order). */
  public TensorFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The tensor {@code name}, if present. */
  public Optional<TensorData> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** The tensor {@code name}; a {@link CheckpointFormatException} names it if it is missing. */
  public TensorData get(String name) {
    TensorData t = tensors.get(name);
    if (t == null) {
      throw new CheckpointFormatException(source, "no tensor named " + name + " (has "
          + tensors.keySet() + ")");
    }
    return t;
  }
}
