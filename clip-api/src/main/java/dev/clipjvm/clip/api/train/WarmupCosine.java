package dev.clipjvm.clip.api.train;

import dev.clipjvm.clip.api.model.Problems;

/**
 * The learning-rate schedule of the paper (section 2.5): linear warmup, then cosine decay to a
 * fraction of the peak at the last step.
 *
 * @param warmupSteps steps of linear warmup, at least 0 (paper: 2000)
 * @param finalLrFraction learning rate at the last step as a fraction of the peak, in [0, 1]
 */
public record WarmupCosine(long warmupSteps, double finalLrFraction) {

  /** Validates every field and reports all problems at once. */
  public WarmupCosine {
    new Problems()
        .check(warmupSteps >= 0, "warmup_steps", warmupSteps + " must be at least 0")
        .check(finalLrFraction >= 0 && finalLrFraction <= 1, "final_lr_fraction",
            finalLrFraction + " must be in [0, 1]")
        .throwIfAny();
  }

  /**
   * The multiplier of the peak learning rate at 0-based {@code step} of {@code totalSteps}:
   * {@code (step + 1) / warmupSteps} during warmup, then
   * {@code f + (1 - f) * (1 + cos(pi * t)) / 2} where {@code t} runs from 0 after warmup to 1 at
   * the last step and {@code f} is {@link #finalLrFraction}.
   */
  public double factor(long step, long totalSteps) {
    if (step < 0 || totalSteps <= 0) {
      throw new IllegalArgumentException(
          "step " + step + " must be at least 0 and total steps " + totalSteps + " positive");
    }
    if (step < warmupSteps) {
      return (step + 1) / (double) warmupSteps;
    }
    long decaySteps = totalSteps - warmupSteps - 1;
    double t = decaySteps <= 0 ? 1.0 : Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
    return finalLrFraction + (1 - finalLrFraction) * 0.5 * (1 + Math.cos(Math.PI * t));
  }

  public WarmupCosine withWarmupSteps(long v) {
    return new WarmupCosine(v, finalLrFraction);
  }

  public WarmupCosine withFinalLrFraction(double v) {
    return new WarmupCosine(warmupSteps, v);
  }
}
