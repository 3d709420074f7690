package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An evaluation run on the trained model after training, as the {@code clip eval} command of
 * the same type would run it on the run directory: {@code evaluation.commands} of an experiment.
 * Each writes {@code evaluation/<name>.json} (the command's {@code --json} document) and a
 * section of {@code report.md}. Paths are read as the command line reads them.
 */
public sealed interface EvaluationCommand
    permits EvaluationCommand.ZeroShot, EvaluationCommand.LinearProbe,
        EvaluationCommand.Retrieval, EvaluationCommand.Robustness {

  /** The JSON {@code type}: zeroshot, linear_probe, retrieval or robustness. */
  String type();

  /** The name of its output ({@code evaluation/<name>.json}) and report section. */
  String name();

  /** A name is letters, digits, '_' and '-'. */
  private static Problems named(String name) {
    return new Problems().check(name != null && name.matches("[A-Za-z0-9_\\-]+"), "name",
        name + " must be letters, digits, '_' or '-'");
  }

  /**
   * {@code clip eval zeroshot}: top-1, top-5, mean per-class recall.
   *
   * @param name output name
   * @param images labelled images (class folders, CSV/TSV, WebDataset shards, IDX)
   * @param classes the class names file (text, JSON object, or prompt markdown with dataset)
   * @param templates the templates file (text, JSON list, or prompt markdown with dataset)
   * @param dataset the markdown section, when a file is OpenAI's prompt markdown
   */
  record ZeroShot(String name, String images, String classes, String templates,
      Optional<String> dataset) implements EvaluationCommand {
    /** Validates every field and reports all problems at once. */
    public ZeroShot {
      named(name).notBlank("images", images).notBlank("classes", classes)
          .notBlank("templates", templates).throwIfAny();
    }

    @Override
    public String type() {
      return "zeroshot";
    }
  }

  /**
   * {@code clip eval linear-probe --checkpoint}: a logistic regression on the model's image
   * features of the training images, scored on the test images.
   *
   * @param name output name
   * @param trainImages labelled training images
   * @param testImages labelled test images with the same classes
   * @param l2 the L2 strength; empty: swept on the last {@code valFraction} of the training rows
   * @param valFraction the validation share of the sweep
   * @param preProjection probe the features before the image projection
   */
  record LinearProbe(String name, String trainImages, String testImages, Optional<Double> l2,
      double valFraction, boolean preProjection) implements EvaluationCommand {
    /** Validates every field and reports all problems at once. */
    public LinearProbe {
      named(name).notBlank("train_images", trainImages).notBlank("test_images", testImages)
          .check(l2.isEmpty() || (l2.get() >= 0 && l2.get() < Double.POSITIVE_INFINITY), "l2",
              l2.orElse(0.0) + " must be a finite number >= 0")
          .check(valFraction > 0 && valFraction < 1, "val_fraction",
              valFraction + " must be between 0 and 1 (exclusive)").throwIfAny();
    }

    @Override
    public String type() {
      return "linear_probe";
    }
  }

  /**
   * {@code clip eval retrieval --checkpoint --data}: recall@1/5/10 both ways.
   *
   * @param name output name
   * @param data captioned images (CSV/TSV path,caption; WebDataset shards; sidecar folder)
   */
  record Retrieval(String name, String data) implements EvaluationCommand {
    /** Validates every field and reports all problems at once. */
    public Retrieval {
      named(name).notBlank("data", data).throwIfAny();
    }

    @Override
    public String type() {
      return "retrieval";
    }
  }

  /**
   * A labelled set under a shift given by the user.
   *
   * @param name the shift's name in reports
   * @param images the labelled images
   */
  record ShiftedImages(String name, String images) {
    /** Validates every field and reports all problems at once. */
    public ShiftedImages {
      named(name).notBlank("images", images).throwIfAny();
    }
  }

  /**
   * {@code clip eval robustness --checkpoint}: zero-shot top-1 in distribution and under
   * shifts, and effective robustness against the baselines' logit-linear fit.
   *
   * @param name output name
   * @param synthetic the synthetic attribute; empty: labelled images ({@code images})
   * @param shifts with {@code synthetic}: the shifted synthetic sets
   * @param count with {@code synthetic}: images per set
   * @param seed with {@code synthetic}: the dataset's seed
   * @param images without {@code synthetic}: the in-distribution labelled images
   * @param shifted without {@code synthetic}: the shifted labelled sets
   * @param classes without {@code synthetic}: the class names file
   * @param templates the templates file (with {@code synthetic}, optional: the demo's)
   * @param baseline accuracies files ({@code .json}) or models measured on the same sets; empty:
   *     accuracies only, no fit
   */
  record Robustness(String name, Optional<Attribute> synthetic, List<SyntheticShift> shifts,
      int count, long seed, Optional<String> images, List<ShiftedImages> shifted,
      Optional<String> classes, Optional<String> templates, List<String> baseline)
      implements EvaluationCommand {
    /** Validates every field and the agreement between them, reporting all problems at once. */
    public Robustness {
      shifts = List.copyOf(shifts);
      shifted = List.copyOf(shifted);
      baseline = List.copyOf(baseline);
      Problems p = named(name);
      if (synthetic.isPresent()) {
        p.check(!shifts.isEmpty() && !shifts.contains(SyntheticShift.NONE), "shifts",
            "needs one or more shifts other than none").positive("count", count)
            .atMost("count", count, Limits.MAX_EVAL_IMAGES)
            .check(images.isEmpty() && shifted.isEmpty() && classes.isEmpty(), "synthetic",
                "takes shifts, count and seed, not images, shifted or classes");
      } else {
        p.check(images.isPresent() && classes.isPresent() && templates.isPresent()
                && !shifted.isEmpty(), "images",
            "needs synthetic (with shifts), or images with classes, templates and shifted")
            .check(shifts.isEmpty(), "shifts", "applies to synthetic sets only");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < shifted.size(); i++) {
          p.check(names.add(shifted.get(i).name()), "shifted[" + i + "].name",
              shifted.get(i).name() + " is used twice");
        }
      }
      p.throwIfAny();
    }

    @Override
    public String type() {
      return "robustness";
    }
  }
}
