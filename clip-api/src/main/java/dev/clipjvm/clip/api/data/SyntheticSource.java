package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;

/**
 * The built-in procedural captioned-image dataset (shapes, colours, sizes, positions): sample
 * {@code i} of an epoch is a pure function of {@code (seed, i)}, so it needs no download.
 *
 * @param seed seed of the generator
 * @param samples distinct samples per epoch (the generator itself is unbounded)
 * @param heldOut draw only the held-out attribute combinations (compositional zero-shot tests)
 */
public record SyntheticSource(long seed, long samples, boolean heldOut) implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public SyntheticSource {
    new Problems().positive("samples", samples).throwIfAny();
  }

  @Override
  public String type() {
    return "synthetic";
  }

  public SyntheticSource withSeed(long v) {
    return new SyntheticSource(v, samples, heldOut);
  }

  public SyntheticSource withSamples(long v) {
    return new SyntheticSource(seed, v, heldOut);
  }

  public SyntheticSource withHeldOut(boolean v) {
    return new SyntheticSource(seed, samples, v);
  }
}
