package dev.clipjvm.clip.tf.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object of a TorchScript class ({@code __torch__.*}) read from a {@code torch.jit.save}
 * archive: only its type name and its attributes (parameters, buffers, submodules, flags), in
 * the archive's order. Nothing of the class's code is run or needed. Identity equality on
 * purpose: module trees can share and nest objects, and hashing them structurally could recurse
 * without end.
 */
final class TorchObject {
  private final String type;
  private final Map<String, Object> attributes = new LinkedHashMap<>();

  TorchObject(String type) {
    this.type = type;
  }

  /** The class name, such as {@code __torch__.torch.nn.modules.conv.Conv2d}. */
  String type() {
    return type;
  }

  /** The attributes by name, in the order the archive lists them. */
  Map<String, Object> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  void set(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public String toString() {
    return "TorchScript object " + type;
  }
}
