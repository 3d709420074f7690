package dev.clipjvm.clip.api.train;

import dev.clipjvm.clip.api.model.Limits;

import dev.clipjvm.clip.api.model.Problems;

/** How long to train: a number of optimizer steps or a number of passes over the data. */
public sealed interface TrainingLength permits TrainingLength.Steps, TrainingLength.Epochs {

  /**
   * Optimizer steps this length amounts to for a data set of {@code examplesPerEpoch} pairs at
   * {@code batchSize}; an epoch is {@code max(1, examplesPerEpoch / batchSize)} steps (the last
   * incomplete batch is dropped, as contrastive batches must be full).
   */
  long totalSteps(long examplesPerEpoch, int batchSize);

  /** Trains for {@code count} optimizer steps. */
  static TrainingLength steps(long count) {
    return new Steps(count);
  }

  /** Trains for {@code count} epochs. */
  static TrainingLength epochs(int count) {
    return new Epochs(count);
  }

  /**
   * A fixed number of optimizer steps.
   *
   * @param count steps, positive
   */
  record Steps(long count) implements TrainingLength {
    /** Validates the count. */
    public Steps {
      new Problems().positive("steps", count)
          .check(count <= Limits.MAX_STEPS, "steps", count + " is more than the limit of "
              + Limits.MAX_STEPS)
          .throwIfAny();
    }

    @Override
    public long totalSteps(long examplesPerEpoch, int batchSize) {
      return count;
    }
  }

  /**
   * A number of passes over the training data.
   *
   * @param count epochs, positive (the paper trains for 32)
   */
  record Epochs(int count) implements TrainingLength {
    /** Validates the count. */
    public Epochs {
      new Problems().positive("epochs", count).throwIfAny();
    }

    @Override
    public long totalSteps(long examplesPerEpoch, int batchSize) {
      if (examplesPerEpoch <= 0 || batchSize <= 0) {
        throw new IllegalArgumentException("examples per epoch " + examplesPerEpoch
            + " and batch size " + batchSize + " must be positive");
      }
      return count * Math.max(1, examplesPerEpoch / batchSize);
    }
  }
}
