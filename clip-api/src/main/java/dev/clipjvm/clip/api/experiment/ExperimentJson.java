package dev.clipjvm.clip.api.experiment;

import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.of;
import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.withDefault;
import static java.util.Map.entry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataJson;
import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.json.ConfigSchema;
import dev.clipjvm.clip.api.json.ConfigSchema.Doc;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.json.JsonFields;
import dev.clipjvm.clip.api.json.ModelJson;
import dev.clipjvm.clip.api.json.Overrides;
import dev.clipjvm.clip.api.json.RelativePaths;
import dev.clipjvm.clip.api.json.TrainingJson;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.train.TrainingConfig;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Experiment} as JSON: {@code name}, {@code model} (open_clip keys, {@link ModelJson}),
 * {@code data} ({@link DataJson}), {@code tokenizer} ({@code {"type": "train", "vocab_size",
 * "corpus"}} or {@code {"type": "file", "merges"}}), {@code training} ({@link TrainingJson}),
 * optional {@code init} ({@code checkpoint}, {@code frozen}: none, image or text) and optional
 * {@code evaluation} ({@code batch_size}, {@code tasks}: {@code name}, {@code class_names},
 * {@code templates}, {@code images}: {@code {"type": "synthetic", "attribute": "shape"|"color",
 * "held_out_combos", "count", "shift"}} or {@code {"type": "idx", "images", "labels", "limit"}};
 * {@code commands}: {@link EvaluationCommandJson}).
 * Every problem is reported at once with its key path; unknown keys are problems. Relative file
 * paths in a file read with {@link #parse(Path)} start at the file's folder and are made
 * absolute. The reference of every key is docs/configuration.md, generated from this reader
 * ({@link #schema}).
 */
public final class ExperimentJson {
  private ExperimentJson() {}

  private static final Map<String, Doc> DOCS = Map.ofEntries(
      entry("name", of("short name of the run, used for its directory; letters, digits, `_`, "
          + "`-` or `.`")),
      entry("model", of("the CLIP model, with open_clip's model-config keys")),
      entry("data", of("the training data")),
      entry("tokenizer", of("where the BPE vocabulary comes from; the `type` picks one of the "
          + "kinds below")),
      entry("training", of("optimizer, schedule, length and cadence")),
      entry("init", withDefault("training from scratch", "where the weights start")),
      entry("init.checkpoint", of("weights to fine-tune from: a checkpoint in any format "
          + "inference reads (safetensors, PyTorch or TorchScript archive, OpenAI or Hugging "
          + "Face names) or a run directory of `clip train` (its `model.safetensors`); relative "
          + "to the configuration file's folder; none: the reference's random initialization")),
      entry("init.frozen", of("the tower kept fixed while the other trains (`image`: LiT); "
          + "freezing needs `checkpoint`")),
      entry("evaluation", withDefault("none", "zero-shot evaluation every "
          + "`training.eval_interval` steps and at the end")),
      entry("evaluation.batch_size", of("images encoded per evaluation batch; positive")),
      entry("evaluation.tasks", of("the zero-shot tasks, names unique")),
      entry("evaluation.tasks[].name", of("task name used in reports and metrics; letters, "
          + "digits, `_` or `-`")),
      entry("evaluation.tasks[].class_names", of("class names in label order; at least 2")),
      entry("evaluation.tasks[].templates", of("prompt templates, each with one `{}` for the "
          + "class name; their text embeddings are averaged per class")),
      entry("evaluation.tasks[].images", of("the labelled images scored; the `type` picks one "
          + "of the kinds below")),
      entry("evaluation.commands", withDefault("none", "evaluation commands run once on the "
          + "trained model after training (task 0 only); each writes `evaluation/NAME.json` in "
          + "the run directory and a section of `report.md`; their keys are in "
          + "docs/evaluation.md")),
      entry("evaluation.commands[].type", of("`zeroshot`, `linear_probe`, `retrieval` or "
          + "`robustness`: the `clip eval` command of that name")),
      entry("evaluation.commands[].name", of("name of the command's result file; unique; "
          + "letters, digits, `_` or `-`")));

  private static final Map<String, Doc> TOKENIZER_DOCS = Map.of(
      "type", of("`train`: learn a byte-level BPE vocabulary from the training captions; "
          + "`file`: read a merges file"),
      "train:vocab_size", of("at most this many tokens; at least 514, at most the model's "
          + "`text_cfg.vocab_size`"),
      "train:corpus", of("training captions the vocabulary is learned from; positive"),
      "file:merges", of("merges file in OpenAI's format (`bpe_simple_vocab_16e6.txt.gz`), or a "
          + "run directory of `clip train` (its learned `vocab/merges.txt`); relative to the "
          + "configuration file's folder"));

  private static final Map<String, Doc> IMAGES_DOCS = Map.of(
      "type", of("`synthetic`: images of the built-in data; `idx`: IDX files"),
      "synthetic:attribute", Doc.of("string: shape, color", ConfigSchema.REQUIRED,
          "the label; `class_names` must list that attribute's classes in order"),
      "synthetic:held_out_combos", of("draw only (shape, colour) combinations never shown in "
          + "training"),
      "synthetic:count", of("number of images; positive"),
      "synthetic:shift", withDefault("none", "a distribution shift of the drawing: "
          + "`colored_background`, `outline`, `filled`, `pastel` or `noise` (same objects, "
          + "labels and captions)"),
      "idx:images", of("IDX3 image file; relative to the configuration file's folder"),
      "idx:labels", of("IDX1 label file; relative to the configuration file's folder"),
      "idx:limit", of("score at most this many images; 0 = all"));

  /** Parses an experiment: every {@link Problem}, or the experiment. Paths stay as written. */
  public static Validation<Seq<Problem>, Experiment> parse(String json) {
    return Json.parse(json).flatMap(tree -> JsonFields.read(tree, ExperimentJson::read));
  }

  /**
   * Reads and parses an experiment file; an unreadable file is a problem too. Relative paths
   * start at the file's folder.
   */
  public static Validation<Seq<Problem>, Experiment> parse(Path file) {
    return parse(file, Overrides.none());
  }

  /**
   * {@link #parse(Path)} with command-line edits applied to the tree before it is read (their
   * relative paths start at the working directory); problems about an edited key name the edit.
   */
  public static Validation<Seq<Problem>, Experiment> parse(Path file, Overrides overrides) {
    RelativePaths relative = RelativePaths.toFile(file, overrides.keys());
    return Json.parse(file).flatMap(overrides::apply)
        .flatMap(tree -> JsonFields.read(tree, relative, ExperimentJson::read))
        .mapError(overrides::attribute);
  }

  /** {@link #parse(Path, Overrides)}, throwing the problems with the file's name. */
  public static Experiment read(Path file, Overrides overrides) {
    return Problems.orThrow(parse(file, overrides), file.toString());
  }

  /**
   * Parses the {@code experiment.json} of a run directory, whose paths were resolved when the
   * run started (a relative one, written by an older version, stays as written).
   */
  public static Validation<Seq<Problem>, Experiment> parseRecorded(Path file) {
    return Json.parse(file).flatMap(tree -> JsonFields.read(tree, ExperimentJson::read));
  }

  /** The keys of an experiment file, recorded from this reader (docs/configuration.md). */
  public static ConfigSchema schema() {
    return ConfigSchema.of(ExperimentJson::read);
  }

  /** {@link #parse(String)}, throwing the problems as an {@link InvalidConfigException}. */
  public static Experiment read(String json) {
    return Problems.orThrow(parse(json), "");
  }

  /** {@link #parse(Path)}, throwing the problems with the file's name. */
  public static Experiment read(Path file) {
    return Problems.orThrow(parse(file), file.toString());
  }

  private static Experiment read(JsonFields f) {
    f.document(DOCS);
    String name = f.requiredText("name");
    ClipConfig model = f.object("model", ModelJson::read);
    DataConfig data = f.object("data", DataJson::config);
    TokenizerConfig tokenizer = f.object("tokenizer", ExperimentJson::tokenizer);
    TrainingConfig training = f.object("training", TrainingJson::read);
    Initialization init = f.object("init", ExperimentJson::init, Initialization.scratch());
    EvaluationConfig evaluation = f.object("evaluation", ExperimentJson::evaluation,
        EvaluationConfig.none());
    return f.build(() -> new Experiment(name, model, data, tokenizer, training, init, evaluation));
  }

  private static TokenizerConfig tokenizer(JsonFields t) {
    t.document(TOKENIZER_DOCS);
    String type = t.variant("type", "train", "file");
    return switch (type) {
      case "train" -> {
        int vocab = t.integer("vocab_size");
        int corpus = t.integer("corpus");
        yield t.build(() -> new TokenizerConfig.Train(vocab, corpus));
      }
      case "file" -> {
        String merges = t.file("merges", true);
        yield t.build(() -> new TokenizerConfig.File(merges));
      }
      case "" -> null;
      default -> {
        t.problem("type", "\"" + type + "\" is not one of train, file");
        yield null;
      }
    };
  }

  private static Initialization init(JsonFields i) {
    // An empty string is how earlier versions wrote "no checkpoint".
    String path = i.file("checkpoint", false);
    Optional<Path> checkpoint = path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    FrozenTower frozen = i.choice("frozen", FrozenTower.NONE, FrozenTower.values());
    return i.build(() -> new Initialization(checkpoint, frozen));
  }

  private static EvaluationConfig evaluation(JsonFields e) {
    int batch = e.integer("batch_size", 64);
    List<ZeroShotTask> tasks = e.list("tasks", ExperimentJson::task, List.of());
    List<EvaluationCommand> commands =
        e.list("commands", EvaluationCommandJson::read, List.of());
    return e.build(() -> new EvaluationConfig(tasks, batch, commands));
  }

  private static ZeroShotTask task(JsonFields t) {
    String name = t.requiredText("name");
    List<String> classes = t.texts("class_names");
    List<String> templates = t.texts("templates");
    LabelledSet images = t.object("images", ExperimentJson::images);
    return t.build(() -> new ZeroShotTask(name, images, classes, templates));
  }

  private static LabelledSet images(JsonFields im) {
    im.document(IMAGES_DOCS);
    String type = im.variant("type", "synthetic", "idx");
    return switch (type) {
      case "synthetic" -> {
        Attribute attribute = im.choice("attribute", null, Attribute.values());
        if (!im.has("attribute")) {
          im.problem("attribute", "is missing");
        }
        boolean held = im.bool("held_out_combos", false);
        int count = im.integer("count");
        SyntheticShift shift = im.choice("shift", SyntheticShift.NONE, SyntheticShift.values());
        yield im.build(() -> new LabelledSet.Synthetic(attribute, held, count, shift));
      }
      case "idx" -> {
        String images = im.file("images", true);
        String labels = im.file("labels", true);
        int limit = im.integer("limit", 0);
        yield im.build(() -> new LabelledSet.Idx(images, labels, limit));
      }
      case "" -> null;
      default -> {
        im.problem("type", "\"" + type + "\" is not one of synthetic, idx");
        yield null;
      }
    };
  }

  /** The experiment as pretty-printed JSON, every field written. */
  public static String write(Experiment e) {
    ObjectNode root = Json.object();
    root.put("name", e.name());
    root.set("model", ModelJson.write(e.model()));
    root.set("data", DataJson.toJson(e.data()));
    ObjectNode tok = root.putObject("tokenizer").put("type", e.tokenizer().type());
    if (e.tokenizer() instanceof TokenizerConfig.Train t) {
      tok.put("vocab_size", t.vocabSize()).put("corpus", t.corpus());
    } else if (e.tokenizer() instanceof TokenizerConfig.File f) {
      tok.put("merges", f.merges());
    }
    root.set("training", TrainingJson.write(e.training()));
    ObjectNode init = root.putObject("init");
    e.init().checkpoint().ifPresent(c -> init.put("checkpoint", c.toString()));
    init.put("frozen", e.init().frozen().name().toLowerCase(Locale.ROOT));
    ObjectNode ev = root.putObject("evaluation").put("batch_size", e.evaluation().batchSize());
    ArrayNode tasks = ev.putArray("tasks");
    for (ZeroShotTask t : e.evaluation().tasks()) {
      ObjectNode o = tasks.addObject().put("name", t.name());
      ObjectNode im = o.putObject("images").put("type", t.images().type());
      if (t.images() instanceof LabelledSet.Synthetic s) {
        im.put("attribute", s.attribute().name().toLowerCase(Locale.ROOT))
            .put("held_out_combos", s.heldOutCombos()).put("count", s.count());
        if (s.shift() != SyntheticShift.NONE) {
          im.put("shift", s.shift().id());
        }
      } else if (t.images() instanceof LabelledSet.Idx x) {
        im.put("images", x.images()).put("labels", x.labels()).put("limit", x.limit());
      }
      t.classNames().forEach(o.putArray("class_names")::add);
      t.templates().forEach(o.putArray("templates")::add);
    }
    if (!e.evaluation().commands().isEmpty()) {
      ArrayNode commands = ev.putArray("commands");
      e.evaluation().commands().forEach(c -> commands.add(EvaluationCommandJson.write(c)));
    }
    return Json.pretty(root);
  }
}
