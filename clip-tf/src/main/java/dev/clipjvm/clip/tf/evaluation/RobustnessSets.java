package dev.clipjvm.clip.tf.evaluation;

import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.experiment.ExperimentPresets;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.data.source.LabelledDataset;
import dev.clipjvm.clip.tf.evaluation.RobustnessEvaluation.LabelledSetOf;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.zeroshot.PromptFiles;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The in-distribution and shifted sets a robustness measurement scores every model on, with the
 * prompts that classify them: the built-in synthetic images (the unshifted test split and its
 * {@link SyntheticShift}s, drawn at each model's image size) or labelled images read once.
 */
public final class RobustnessSets {
  /** The name of the in-distribution set in reports. */
  public static final String IN_DISTRIBUTION = "in_distribution";

  private final PromptSet prompts;
  private final Optional<LabelledSet.Synthetic> synthetic;
  private final List<SyntheticShift> shifts;
  private final long seed;
  private final Map<String, LabelledDataset> labelled;
  private final Map<String, int[]> toClass;

  private RobustnessSets(PromptSet prompts, Optional<LabelledSet.Synthetic> synthetic,
      List<SyntheticShift> shifts, long seed, Map<String, LabelledDataset> labelled,
      Map<String, int[]> toClass) {
    this.prompts = prompts;
    this.synthetic = synthetic;
    this.shifts = List.copyOf(shifts);
    this.seed = seed;
    this.labelled = labelled;
    this.toClass = toClass;
  }

  /**
   * Synthetic images labelled by {@code attribute}: {@code count} per set from the dataset of
   * {@code seed}, classified with {@code templates} (empty: the demo's templates of the
   * attribute).
   */
  public static RobustnessSets synthetic(Attribute attribute, List<SyntheticShift> shifts,
      int count, long seed, Optional<List<String>> templates) {
    if (shifts.isEmpty() || shifts.contains(SyntheticShift.NONE)) {
      throw new IllegalArgumentException("give one or more shifts other than none, got "
          + shifts);
    }
    List<String> t = templates.orElse(attribute == Attribute.SHAPE
        ? ExperimentPresets.SHAPE_TEMPLATES : ExperimentPresets.COLOR_TEMPLATES);
    return new RobustnessSets(new PromptSet(attribute.classNames().stream()
            .map(ZeroShotClass::of).toList(), t),
        Optional.of(new LabelledSet.Synthetic(attribute, false, count)), shifts, seed, Map.of(),
        Map.of());
  }

  /**
   * Labelled images: {@code images} in distribution and each of {@code shifted} (name to data),
   * classified by the classes and templates files ({@code dataset}: the markdown section).
   *
   * @throws IllegalArgumentException naming the file whose classes do not fit the data
   */
  public static RobustnessSets labelled(Path images, Map<String, Path> shifted, Path classes,
      Path templates, Optional<String> dataset) throws IOException {
    if (shifted.isEmpty() || shifted.containsKey(IN_DISTRIBUTION)) {
      throw new IllegalArgumentException("give one or more shifted sets (not named "
          + IN_DISTRIBUTION + ")");
    }
    PromptFiles.Classes named = PromptFiles.classes(classes, dataset);
    PromptSet prompts = new PromptSet(named.classes(), PromptFiles.templates(templates, dataset));
    Map<String, LabelledDataset> sets = new LinkedHashMap<>();
    sets.put(IN_DISTRIBUTION, LabelledDataset.open(images));
    for (Map.Entry<String, Path> e : shifted.entrySet()) {
      sets.put(e.getKey(), LabelledDataset.open(e.getValue()));
    }
    Map<String, int[]> toClass = new LinkedHashMap<>();
    sets.forEach((name, data) -> toClass.put(name,
        ZeroShotEvaluation.classMapping(data, named, classes.toString())));
    return new RobustnessSets(prompts, Optional.empty(), List.of(), 0, sets, toClass);
  }

  /** The prompts every set is classified with. */
  public PromptSet prompts() {
    return prompts;
  }

  /** The in-distribution set for {@code model}. */
  public LabelledSetOf inDistribution(ClipModel model) {
    return synthetic.isPresent() ? synthetic(IN_DISTRIBUTION, SyntheticShift.NONE, model)
        : labelled(IN_DISTRIBUTION);
  }

  /** The shifted sets for {@code model}, in order. */
  public List<LabelledSetOf> shifted(ClipModel model) {
    List<LabelledSetOf> out = new ArrayList<>();
    if (synthetic.isPresent()) {
      shifts.forEach(s -> out.add(synthetic(s.id(), s, model)));
    } else {
      labelled.keySet().stream().skip(1).forEach(name -> out.add(labelled(name)));
    }
    return out;
  }

  /** Measures {@code model} (named {@code name} in reports) on every set. */
  public RobustnessEvaluation.Accuracies measure(String name, ClipModel model, int batch)
      throws IOException {
    return RobustnessEvaluation.measure(name, model, prompts, inDistribution(model),
        shifted(model), batch);
  }

  private LabelledSetOf synthetic(String name, SyntheticShift shift, ClipModel model) {
    LabelledSet.Synthetic s = synthetic.orElseThrow();
    LabelledDataset data = LabelledDataset.synthetic(new LabelledSet.Synthetic(s.attribute(),
        false, s.count(), shift), seed, model.imageSize());
    return new LabelledSetOf(name, data,
        IntStream.range(0, data.classKeys().size()).toArray());
  }

  private LabelledSetOf labelled(String name) {
    return new LabelledSetOf(name, labelled.get(name), toClass.get(name));
  }
}
