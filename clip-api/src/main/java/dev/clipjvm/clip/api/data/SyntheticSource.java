package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;

/**
 * The built-in procedural captioned-image dataset (shapes, colours, sizes, positions): sample
 * {@code i} of an epoch is a pure function of {@code (seed, i)}, so it needs no download.
 *
 * @param seed seed of the generator
 * @param samples distinct samples per epoch (the generator itself is unbounded)
 * @param heldOut draw only the held-out attribute combinations (compositional zero-shot tests)
 * @param shift how the scenes are drawn ({@link SyntheticShift#NONE}: as in training)
 */
public record SyntheticSource(long seed, long samples, boolean heldOut, SyntheticShift shift)
    implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public SyntheticSource {
    new Problems().positive("samples", samples)
        .check(shift != null, "shift", "is missing").throwIfAny();
  }

  /** Unshifted scenes. */
  public SyntheticSource(long seed, long samples, boolean heldOut) {
    this(seed, samples, heldOut, SyntheticShift.NONE);
  }

  @Override
  public String type() {
    return "synthetic";
  }

  public SyntheticSource withSeed(long v) {
    return new SyntheticSource(v, samples, heldOut, shift);
  }

  public SyntheticSource withSamples(long v) {
    return new SyntheticSource(seed, v, heldOut, shift);
  }

  public SyntheticSource withHeldOut(boolean v) {
    return new SyntheticSource(seed, samples, v, shift);
  }

  public SyntheticSource withShift(SyntheticShift v) {
    return new SyntheticSource(seed, samples, heldOut, v);
  }
}
