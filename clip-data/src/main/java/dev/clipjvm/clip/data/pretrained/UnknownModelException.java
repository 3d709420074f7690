package dev.clipjvm.clip.data.pretrained;

import java.util.List;

/** The name is not in {@link PretrainedRegistry}; the message lists the known names. */
public final class UnknownModelException extends PretrainedException {
  private final String name;
  private final List<String> known;

  UnknownModelException(String name, List<String> known) {
    super("unknown pretrained model '" + name + "'; known models: " + String.join(", ", known),
        null);
    this.name = name;
    this.known = List.copyOf(known);
  }

  /** The name asked for. */
  public String name() {
    return name;
  }

  /** The names the registry knows. */
  public List<String> known() {
    return known;
  }
}
