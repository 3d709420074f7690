package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import java.util.Objects;

/** Labelled images a zero-shot task is scored on. */
public sealed interface LabelledSet permits LabelledSet.Synthetic, LabelledSet.Idx {

  /** The JSON {@code type} of this variant. */
  String type();

  /**
   * Single-object images of the built-in synthetic data, labelled by one attribute.
   *
   * @param attribute the label
   * @param heldOutCombos draw only (shape, colour) combinations never shown in training;
   *     otherwise fresh images of seen combinations
   * @param count number of images, positive
   * @param shift how the images are drawn ({@link SyntheticShift#NONE}: as in training)
   */
  record Synthetic(Attribute attribute, boolean heldOutCombos, int count, SyntheticShift shift)
      implements LabelledSet {
    /** Validates every field and reports all problems at once. */
    public Synthetic {
      new Problems().check(attribute != null, "attribute", "is missing")
          .check(shift != null, "shift", "is missing")
          .positive("count", count).atMost("count", count, Limits.MAX_EVAL_IMAGES).throwIfAny();
    }

    /** Unshifted images. */
    public Synthetic(Attribute attribute, boolean heldOutCombos, int count) {
      this(attribute, heldOutCombos, count, SyntheticShift.NONE);
    }

    @Override
    public String type() {
      return "synthetic";
    }
  }

  /**
   * Images and labels in IDX files (MNIST format, gzip or plain).
   *
   * @param images the IDX3 image file
   * @param labels the IDX1 label file
   * @param limit score at most this many images (0 = all)
   */
  record Idx(String images, String labels, int limit) implements LabelledSet {
    /** Validates every field and reports all problems at once. */
    public Idx {
      Objects.requireNonNull(images, "images");
      Objects.requireNonNull(labels, "labels");
      new Problems().check(!images.isBlank(), "images", "must not be blank")
          .check(!labels.isBlank(), "labels", "must not be blank")
          .check(limit >= 0, "limit", limit + " must be at least 0 (0 = all)").throwIfAny();
    }

    @Override
    public String type() {
      return "idx";
    }
  }
}
